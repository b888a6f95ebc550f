import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { split, SplitOutOfRangeError, type SplitPart } from '@nextevent/video';
import { predictNextEvent } from '@nextevent/vlm';
import { EXIT, UsageError, type CommandSpec } from '../command.js';
import { intFlag, numberFlag } from '../parse-flags.js';
import { sampleForVlm } from '../vlm/sample.js';
import { decodingOptions, openModel, vlmOptions, type VlmFlags } from '../vlm/vlm-flags.js';

interface PredictFlags extends VlmFlags {
  at?: number;
  question?: string;
  options?: string;
  maxFrames: number;
}

/** Parses `--options "a|b|c|d"` into the four FutureBench options. */
function parseOptions(value: string): [string, string, string, string] {
  const parts = value.split('|').map((s) => s.trim());
  if (parts.length !== 4 || parts.some((p) => p === '')) {
    throw new UsageError(`--options must be four non-empty texts separated by "|", got "${value}"`);
  }
  return parts as [string, string, string, string];
}

/**
 * Writes the part of `video` before `at` under `dir`: exactly the frames before `at`, none at or after it. A copy
 * cut at the first keyframe at or after `at` comes first (no re-encoding), so that the exact cut re-encodes at most
 * the one GOP it breaks; works for any `at` inside the video, also within the first GOP.
 */
async function pastBefore(video: string, at: number, dir: string, signal: AbortSignal): Promise<SplitPart> {
  let source = video;
  try {
    const coarse = await split(video, at, {
      keyframe: 'next',
      output: { past: join(dir, 'coarse-past'), future: join(dir, 'coarse-future') },
      signal,
    });
    if (coarse.cut === at || coarse.past.path === null) {
      return coarse.past; // `at` is a keyframe: the past is already exactly the frames before it
    }
    source = coarse.past.path;
  } catch (err) {
    // No keyframe at or after `at` (its GOP is the last), or an open GOP: cut the whole video exactly. An `at`
    // outside the video fails again below, with the same error.
    if (!(err instanceof SplitOutOfRangeError)) {
      throw err;
    }
  }
  const exact = await split(source, at, {
    mode: 'exact',
    output: { past: join(dir, 'past'), future: join(dir, 'future') },
    signal,
  });
  return exact.past;
}

/** `nextevent predict <video>`: what happens next, from the part of the video before `--at`. */
export const predictCommand: CommandSpec = {
  name: 'predict',
  summary: 'Predict the next event of a video from its past part with a local Qwen2.5-VL; streams to stdout.',
  description:
    'Cut the video at --at seconds (leakage-free: the past is exactly the frames before --at, re-encoding at most ' +
    'the GOP the cut breaks; default: use the whole video), sample its frames like qwen-vl-utils (2 fps, at most --max-frames) and ask a local ' +
    'Qwen2.5-VL what happens next. With --question and --options "A|B|C|D" it uses the FutureBench prompt and ' +
    'prints the chosen letter. The default model is the bundled UNTRAINED demo model, whose text is meaningless.',
  arguments: [{ name: 'video', description: 'Video file.' }],
  options: [
    {
      flags: '--at <seconds>',
      description: 'Cut time (0 < at < duration): only the frames before it are shown. Default: none.',
      parse: numberFlag('--at', 1e-9),
    },
    { flags: '--question <text>', description: 'Question (default: "What will happen next?").' },
    {
      flags: '--options <a|b|c|d>',
      description: 'Four FutureBench options separated by "|": answer with a letter.',
    },
    {
      flags: '--max-frames <n>',
      description: 'At most this many sampled frames.',
      default: 32,
      parse: intFlag('--max-frames', 2),
    },
    ...vlmOptions('128, or 16 with --options'),
  ],
  async run({ args, options, io }) {
    const f = options as unknown as PredictFlags;
    const videoPath = args[0] ?? '';
    const choices = f.options !== undefined ? parseOptions(f.options) : undefined;
    if (choices && !f.question) {
      throw new UsageError('--options needs --question');
    }
    let tmp: string | undefined;
    try {
      let past = videoPath;
      let pastPart: SplitPart | undefined;
      if (f.at !== undefined) {
        tmp = await mkdtemp(join(tmpdir(), 'nextevent-predict-'));
        pastPart = await pastBefore(videoPath, f.at, tmp, io.signal);
        past = pastPart.path ?? past;
        io.stderr(
          `past part: ${pastPart.start.toFixed(2)}–${pastPart.end.toFixed(2)} s (${pastPart.frames} frames)\n`,
        );
      }
      const sampled = await sampleForVlm(past, f.maxFrames);
      io.signal.throwIfAborted();
      const model = await openModel(f, io);
      try {
        const res = await predictNextEvent(model, sampled, {
          ...(f.at !== undefined ? { at: f.at } : {}),
          ...(f.question !== undefined ? { question: f.question } : {}),
          ...(choices ? { options: choices } : {}),
          generation: { ...decodingOptions(f), signal: io.signal },
          ...(f.json ? {} : { onText: (d: string) => io.stdout(d) }),
        });
        if (f.json) {
          io.stdout(
            `${JSON.stringify({
              video: videoPath,
              at: f.at ?? null,
              past: pastPart ? { frames: pastPart.frames, start: pastPart.start, end: pastPart.end } : null,
              model: model.source,
              untrained: res.untrained,
              backend: model.backendKind,
              framesUsed: res.framesUsed,
              sampleFps: sampled.plan.sampleFps,
              question: res.question,
              text: res.text,
              ...(res.answer !== undefined ? { answer: res.answer } : {}),
            })}\n`,
          );
        } else {
          io.stdout(res.answer !== undefined ? `\nanswer: ${res.answer || '(none)'}\n` : '\n');
        }
        return EXIT.ok;
      } finally {
        model.dispose();
      }
    } finally {
      if (tmp) {
        await rm(tmp, { recursive: true, force: true });
      }
    }
  },
};
