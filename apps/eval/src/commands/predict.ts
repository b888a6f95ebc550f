import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { split } from '@nextevent/video';
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

/** `nextevent predict <video>`: what happens next, from the part of the video before `--at`. */
export const predictCommand: CommandSpec = {
  name: 'predict',
  summary: 'Predict the next event of a video from its past part with a local Qwen2.5-VL; streams to stdout.',
  description:
    'Cut the video at --at seconds (leakage-free: the past ends on the last keyframe before the cut; default: ' +
    'use the whole video), sample its frames like qwen-vl-utils (2 fps, at most --max-frames) and ask a local ' +
    'Qwen2.5-VL what happens next. With --question and --options "A|B|C|D" it uses the FutureBench prompt and ' +
    'prints the chosen letter. The default model is the bundled UNTRAINED demo model, whose text is meaningless.',
  arguments: [{ name: 'video', description: 'Video file.' }],
  options: [
    {
      flags: '--at <seconds>',
      description: 'Cut time: only the part before it is shown.',
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
    ...vlmOptions(undefined),
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
      if (f.at !== undefined) {
        tmp = await mkdtemp(join(tmpdir(), 'nextevent-predict-'));
        const parts = await split(videoPath, f.at, {
          output: { past: join(tmp, 'past.mp4'), future: join(tmp, 'future.mp4') },
        });
        past = parts.past.path ?? past;
        io.stderr(
          `past part: ${parts.past.start.toFixed(2)}–${parts.past.end.toFixed(2)} s (${parts.past.frames} frames)\n`,
        );
      }
      const sampled = await sampleForVlm(past, f.maxFrames);
      io.signal.throwIfAborted();
      const model = await openModel(f, io);
      try {
        const res = await predictNextEvent(model, sampled, {
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
