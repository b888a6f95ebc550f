import { buildPrompt, extractAnswer, type AnswerLetter } from '@nextevent/futurebench';
import type { SampledFrames } from '@nextevent/video';
import type { GenerateOptions, QwenVlModel } from './model/model.js';
import type { GenerationTimings } from './model/timings.js';
import type { VideoInput } from './processing/processor.js';

/** The free-text next-event instruction (the first question of the V1 SFT pool, capitalised). */
export const DEFAULT_NEXT_EVENT_QUESTION = 'What will happen next?';

/** A sampled clip for {@link predictNextEvent}: frames, their rate and (optionally) their timestamps. */
export interface PastVideo extends VideoInput {
  /** Presentation time of each frame in seconds. Default: `i / fps`. */
  timestamps?: readonly number[];
}

/** Options of {@link predictNextEvent}. */
export interface PredictNextEventOptions {
  /** Cut time in seconds: only frames strictly before it are shown. Default: all frames. */
  at?: number;
  /** The question. Default: {@link DEFAULT_NEXT_EVENT_QUESTION} (free text) or required with `options`. */
  question?: string;
  /** FutureBench-style options A–D: the prompt is `buildPrompt` from @nextevent/futurebench, the answer a letter. */
  options?: Readonly<Record<'A' | 'B' | 'C' | 'D', string>> | readonly [string, string, string, string];
  /** Decoding settings. Default: greedy, 16 new tokens with options (the FutureBench setting), else 128. */
  generation?: Omit<GenerateOptions, 'inputs' | 'messages'>;
  /** Called with each new piece of text as it is generated. */
  onText?: (delta: string) => void;
}

/** Result of {@link predictNextEvent}. */
export interface NextEventPrediction {
  /** The generated text (special tokens removed). */
  text: string;
  /** With `options`: the extracted letter (`''` when none could be extracted, as in the reference scorer). */
  answer?: AnswerLetter;
  /** Generated token ids. */
  tokens: number[];
  /** Frames that were shown to the model (those before `at`). */
  framesUsed: number;
  /** The user text sent with the video (the question, or the FutureBench multiple-choice prompt). */
  question: string;
  /** True when the model is the untrained demo model: the text is meaningless. */
  untrained: boolean;
  /**
   * Where the generation's time went (see {@link GenerationTimings}); `preprocessMs` covers building the prompt
   * and resizing / patchifying the frames that were kept.
   */
  timings: GenerationTimings;
}

function isTuple(
  o: Readonly<Record<'A' | 'B' | 'C' | 'D', string>> | readonly [string, string, string, string],
): o is readonly [string, string, string, string] {
  return Array.isArray(o);
}

/**
 * Converts `sampleFrames` output of @nextevent/video (RGB output) into a {@link PastVideo}: frames, the sampled
 * rate (`plan.sampleFps`, which gives the processor's `secondPerGridT`) and the frames' timestamps.
 */
export function pastVideoFromSampled(sampled: SampledFrames): PastVideo {
  const frames = sampled.frames.map((f, i) => {
    if (!f.rgb) {
      throw new TypeError(`\`sampled.frames[${i}]\` has no RGB data; call sampleFrames with output 'rgb'.`);
    }
    return { width: f.width, height: f.height, data: f.rgb, channels: 3 as const };
  });
  return { frames, fps: sampled.plan.sampleFps, timestamps: sampled.timestamps };
}

function isSampled(v: PastVideo | SampledFrames): v is SampledFrames {
  return 'plan' in v && 'timestamps' in v;
}

/**
 * Predicts what happens next in a video from its past part: keeps only frames before `at`, asks the question
 * (free text), or the FutureBench multiple-choice prompt with `options` and extracts the chosen letter. `video` is
 * a {@link PastVideo} or the result of @nextevent/video's `sampleFrames` (sample the past part, e.g. after
 * `split`, so that the sampling plan itself does not depend on the future).
 */
export async function predictNextEvent(
  model: QwenVlModel,
  input: PastVideo | SampledFrames,
  opts: PredictNextEventOptions = {},
): Promise<NextEventPrediction> {
  const video = input && isSampled(input) ? pastVideoFromSampled(input) : input;
  if (!video || !Array.isArray(video.frames) || video.frames.length === 0) {
    throw new TypeError('`video.frames` must be a non-empty array of frames.');
  }
  const fps = video.fps ?? 2;
  if (opts.at !== undefined && !(Number.isFinite(opts.at) && opts.at > 0)) {
    throw new TypeError('`options.at`, when provided, must be a positive number of seconds.');
  }
  const times = video.timestamps ?? video.frames.map((_, i) => i / fps);
  if (times.length !== video.frames.length) {
    throw new TypeError('`video.timestamps`, when provided, must have one entry per frame.');
  }
  const at = opts.at;
  const frames = at === undefined ? video.frames : video.frames.filter((_, i) => (times[i] as number) < at);
  if (frames.length === 0) {
    throw new RangeError(`No frame lies before at=${at}s; the first frame is at ${times[0]}s.`);
  }
  let question: string;
  if (opts.options) {
    const o = opts.options;
    const letters: Record<string, string> = isTuple(o) ? { A: o[0], B: o[1], C: o[2], D: o[3] } : o;
    if (!opts.question) {
      throw new TypeError('`options.question` is required when `options.options` is given.');
    }
    question = buildPrompt({ qa: { Question: opts.question, Options: letters } });
  } else {
    question = opts.question ?? DEFAULT_NEXT_EVENT_QUESTION;
  }
  const generation: GenerateOptions = {
    maxNewTokens: opts.options ? 16 : 128,
    ...opts.generation,
    messages: [
      {
        role: 'user',
        content: [
          { type: 'video', video: { frames, fps } },
          { type: 'text', text: question },
        ],
      },
    ],
  };
  const tokens: number[] = [];
  let text = '';
  const stream = model.stream(generation);
  let next = await stream.next();
  for (; !next.done; next = await stream.next()) {
    const chunk = next.value;
    const t = chunk.tokens[0];
    if (t !== null && t !== undefined) {
      tokens.push(t);
    }
    const delta = chunk.text[0] ?? '';
    if (delta) {
      text += delta;
      opts.onText?.(delta);
    }
  }
  if (model.tokenizer) {
    text = model.tokenizer.decode(tokens);
  }
  const result: NextEventPrediction = {
    text,
    tokens,
    framesUsed: frames.length,
    question,
    untrained: model.untrained,
    timings: next.value,
  };
  if (opts.options) {
    result.answer = extractAnswer(text);
  }
  return result;
}
