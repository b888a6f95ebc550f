/**
 * The real {@link Predictor}: frames from the past part (through a {@link FrameSampler} built on @nextevent/video),
 * the FutureBench prompt from @nextevent/futurebench for multiple choice, and streamed greedy generation with
 * @nextevent/vlm, timed stage by stage.
 */
import { buildPrompt } from '@nextevent/futurebench';
import { QwenVlModel, type ChatMessage, type RgbFrame } from '@nextevent/vlm';
import type { PredictionTimings } from './metrics.js';
import type { Predictor, PredictHooks, PredictInput, PredictOutput } from './predictor.js';
import type { ModelInfo, PredictTask } from './protocol.js';
import { timeBackend } from './timed-backend.js';

/** Frames sampled from everything before the split. */
export interface PastFrames {
  /** Resized RGB(A) frames, sides multiples of 28 (qwen-vl-utils `smart_resize`). */
  frames: RgbFrame[];
  /** Source timestamp of each frame, seconds. */
  timestamps: number[];
  /** Sampling rate (frames per second) of `frames`; sets `second_per_grid_t`. */
  fps: number;
  /** Where the video was actually cut (s): every sampled frame is earlier. */
  cut: number;
}

/** Samples the past part of a video, FutureBench-style. */
export type FrameSampler = (video: Blob, at: number, signal: AbortSignal) => Promise<PastFrames>;

/** Height of the thumbnails sent to the page. */
const THUMB_HEIGHT = 54;

/** The text prompt for a task: the user's question, or the reference FutureBench `doc_to_text`. */
export function taskPrompt(task: PredictTask): string {
  return task.mode === 'free-text' ? task.question : buildPrompt(task.doc, { task: 'futurebench' });
}

/** The chat messages the model gets: one user turn with the video followed by the prompt. */
export function taskMessages(task: PredictTask, frames: PastFrames): ChatMessage[] {
  return [
    {
      role: 'user',
      content: [
        { type: 'video', video: { frames: frames.frames, fps: frames.fps } },
        { type: 'text', text: taskPrompt(task) },
      ],
    },
  ];
}

/** Lets queued messages (a cancel request) run between CPU-bound steps. */
const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

async function thumbnail(frame: RgbFrame): Promise<ImageBitmap> {
  const { width, height, data } = frame;
  const channels = frame.channels ?? (data.length === width * height * 4 ? 4 : 3);
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, j = 0; i < width * height; i++, j += channels) {
    rgba[i * 4] = data[j] as number;
    rgba[i * 4 + 1] = data[j + 1] as number;
    rgba[i * 4 + 2] = data[j + 2] as number;
    rgba[i * 4 + 3] = 255;
  }
  const scale = THUMB_HEIGHT / height;
  return createImageBitmap(new ImageData(rgba, width, height), {
    resizeWidth: Math.max(1, Math.round(width * scale)),
    resizeHeight: THUMB_HEIGHT,
    resizeQuality: 'medium',
  });
}

/** Wraps a loaded model. The model's backend is re-wrapped to time vision, prefill and decode. */
export function createVlmPredictor(model: QwenVlModel, sample: FrameSampler, info: ModelInfo): Predictor {
  const timed = timeBackend(model.backend);
  const timedModel = new QwenVlModel(model.config, timed.backend, model.tokenizer, model.source);
  return {
    info,
    async predict(input: PredictInput, hooks: PredictHooks): Promise<PredictOutput> {
      const started = performance.now();
      const past = await sample(input.video, input.at, hooks.signal);
      const samplingMs = performance.now() - started;
      hooks.signal.throwIfAborted();
      const first = past.frames[0];
      hooks.onFrames({
        count: past.frames.length,
        width: first?.width ?? 0,
        height: first?.height ?? 0,
        thumbnails: await Promise.all(
          past.frames.map(async (frame, i) => ({
            timestamp: past.timestamps[i] ?? 0,
            bitmap: await thumbnail(frame),
          })),
        ),
      });
      timed.reset();
      let text = '';
      let firstTokenAt: number | undefined;
      for await (const chunk of timedModel.stream({
        messages: taskMessages(input.task, past),
        maxNewTokens: input.maxNewTokens,
        signal: hooks.signal,
      })) {
        firstTokenAt ??= performance.now();
        const piece = chunk.text[0] ?? '';
        if (piece !== '') {
          text += piece;
          hooks.onToken(piece);
        }
        await yieldToEventLoop();
        hooks.signal.throwIfAborted();
      }
      const t = timed.timings;
      const timings: PredictionTimings = {
        framesSampled: past.frames.length,
        samplingMs,
        visionMs: t.visionMs,
        prefillTokens: t.prefillTokens,
        prefillMs: t.prefillMs,
        decodeTokens: t.decodeSteps,
        decodeMs: t.decodeMs,
        timeToFirstTokenMs: (firstTokenAt ?? performance.now()) - started,
      };
      return { text, timings };
    },
    dispose() {
      timedModel.dispose();
    },
  };
}
