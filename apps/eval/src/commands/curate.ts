import { mkdir, rmdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  createOpenAiClient,
  createVideoTools,
  CurateUsageError,
  curateVideos,
  findVideos,
  formatReport,
  listModels,
  OUTPUT_LAYOUT,
  type CurationReport,
  type LlmClient,
  type VideoTools,
  VIDEO_EXTENSIONS,
} from '@nextevent/curate';
import { EXIT, UsageError, type CommandSpec } from '../command.js';
import { createFramePartsBuilder, framePartsKey } from '../eval/frame-parts.js';
import { DEFAULT_FRAME_OPTIONS, type FrameOptions } from '../eval/frames.js';
import { createProgress } from '../eval/progress.js';
import { acquireRunLock } from '../eval/run-lock.js';
import { MAX_TIMER_SECONDS, intFlag, jsonObjectFlag, numberFlag } from '../parse-flags.js';

interface CurateFlags {
  videos: string;
  out: string;
  llmUrl: string;
  vlmUrl: string;
  reasonerUrl?: string;
  llmModel?: string;
  vlmModel?: string;
  reasonerModel?: string;
  apiKeyEnv?: string;
  concurrency: number;
  resume?: boolean;
  timeout: number;
  maxAttempts: number;
  retryBaseMs: number;
  snapTolerance: number;
  splitMode: 'copy' | 'exact';
  critiqueInput: 'raw' | 'rewritten';
  allowMissingReasoning?: boolean;
  vlmExtraBody?: Record<string, unknown>;
  videoInput: 'video' | 'frames';
  fps?: number;
  maxFrames?: number;
  totalPixels?: number;
  jpegQuality?: number;
  maxTokens?: number;
  onFailure: 'fail' | 'exclude';
  json?: boolean;
}

/** The run lock inside `--out`: one `curate` per output folder (as `eval` does per task). */
const LOCK_FILE = '.curate.lock';

/** A parser for a server URL: http(s) with a host, else a usage error naming the flag. */
function urlFlag(flag: string): (value: string) => string {
  return (value) => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.host === '') {
      throw new UsageError(
        `${flag} must be an http(s) URL up to /v1 (e.g. http://127.0.0.1:8000/v1), got "${value}"`,
      );
    }
    return value;
  };
}

/** The videos under `--videos`, or a usage error when the folder is missing or holds none. */
async function listInputVideos(videos: string, out: string): Promise<string[]> {
  let found: string[];
  try {
    found = await findVideos(videos, out);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new UsageError(`--videos ${videos}: no such folder`);
    }
    throw err;
  }
  if (found.length === 0) {
    throw new UsageError(
      `--videos ${videos}: no video found (searched recursively for ${VIDEO_EXTENSIONS.join(', ')})`,
    );
  }
  return found;
}

/** The flags that set the frame sampling of `--video-input frames`, with their option names. */
const FRAME_FLAGS = [
  ['--fps', 'fps'],
  ['--max-frames', 'maxFrames'],
  ['--total-pixels', 'totalPixels'],
  ['--jpeg-quality', 'jpegQuality'],
] as const;

/**
 * True when a VLM stage failed because the server refused the `video_url` part: HTTP 400 with a body that names
 * `video_url` (what OpenAI and other image-only servers answer). Other 400s are not guessed at.
 */
function rejectedVideoUrl(report: CurationReport): boolean {
  return report.failures.some(
    (f) =>
      (f.stage === 'caption' || f.stage === 'grounding') &&
      f.attempts.some(
        (a) =>
          a.reason === 'http' &&
          /\bHTTP 400\b/.test(a.message) &&
          /video_url/i.test(`${a.message}\n${a.raw ?? ''}`),
      ),
  );
}

/** Replaceable parts of `nextevent curate` (tests may swap the video tools; the CLI uses @nextevent/video). */
export interface CurateCommandDeps {
  /** Default: `createVideoTools` of @nextevent/curate with the `--split-mode` flag. */
  videoTools?: (flags: { splitMode: 'copy' | 'exact'; warn: (message: string) => void }) => VideoTools;
}

/** Creates the `nextevent curate` command (see {@link curateCommand}). */
export function createCurateCommand(deps: CurateCommandDeps = {}): CommandSpec {
  const makeTools =
    deps.videoTools ??
    ((f: { splitMode: 'copy' | 'exact'; warn: (message: string) => void }) =>
      createVideoTools({ splitMode: f.splitMode, onWarning: f.warn }));
  return {
    name: 'curate',
    summary:
      'Build V1-style next-event data (next_event_prediction.json) from a folder of videos with any LLM/VLM.',
    description:
      'Build V1-33K-style next-event prediction data from your own videos with OpenAI-compatible servers ' +
      '(vLLM, SGLang, OpenAI, DeepSeek, …), following the paper: the VLM captions each video; the LLM lists its ' +
      'events, judges whether it splits into a predictable past and future and where, and splits the caption; ' +
      'the VLM grounds the split to an MM:SS.ss timestamp, snapped to a scene cut when one is near; the video is ' +
      'cut there (stream copy at a keyframe by default); a reasoning model predicts the future from the first ' +
      "part's caption; the LLM rewrites the reasoning and critiques it against the second part. Prompts are the " +
      "reference's data_prompts.py. Bad or cut-off JSON is repaired when safe, else retried (--max-attempts); " +
      'videos that still fail are listed with the raw answers in <out>/curation_report.json. Outputs, in the ' +
      'V1-33K layout: <out>/next_event_prediction.json, video_dataset/, first_part_video/, second_part_video/. ' +
      'Each video is probed first, so a file that cannot be decoded fails before any request. ' +
      'Every stage result is cached per video content hash: --resume re-runs only missing or failed work. ' +
      'One run per --out at a time (a lock file). Videos that fail exit 1 unless --on-failure exclude; an ' +
      'interrupted run (Ctrl-C) writes no dataset or report and exits 130, its finished stages stay cached. ' +
      'API keys are read only from the environment variable named by --api-key-env. ' +
      'Servers that take images but no video_url (OpenAI, llama.cpp, Ollama, most hosted APIs) need ' +
      '--video-input frames: each video is then sampled on the client like `nextevent eval` does ' +
      '(qwen-vl-utils: --fps, --max-frames, --total-pixels budget) and its frames are sent in order, as JPEG ' +
      'image_url data URLs, before the prompt text.',
    options: [
      { flags: '--videos <dir>', description: 'Folder searched recursively for videos.', required: true },
      { flags: '--out <dir>', description: 'Output folder (dataset, report, stage cache).', required: true },
      {
        flags: '--llm-url <url>',
        description: 'Text LLM server up to /v1 (analysis, caption split, rewrite, critique).',
        required: true,
        parse: urlFlag('--llm-url'),
      },
      {
        flags: '--vlm-url <url>',
        description:
          'Video LLM server up to /v1 (caption, split timestamp); receives the video as --video-input says.',
        required: true,
        parse: urlFlag('--vlm-url'),
      },
      {
        flags: '--reasoner-url <url>',
        description: 'Reasoning model server up to /v1 (prediction with reasoning). Default: --llm-url.',
        parse: urlFlag('--reasoner-url'),
      },
      { flags: '--llm-model <name>', description: "Text LLM model name. Default: the server's first model." },
      {
        flags: '--vlm-model <name>',
        description: "Video LLM model name. Default: the server's first model.",
      },
      {
        flags: '--reasoner-model <name>',
        description:
          'Reasoning model name. Default: --llm-model when the URLs match, else the server’s first model.',
      },
      {
        flags: '--api-key-env <var>',
        description: 'Name of the environment variable holding the API key for all servers (never printed).',
      },
      {
        flags: '--concurrency <n>',
        description: 'Videos processed at once.',
        default: 2,
        parse: intFlag('--concurrency'),
      },
      {
        flags: '--resume',
        description:
          'Continue in --out: reuse cached stage results, redo failed videos. One run per --out at a time.',
      },
      {
        flags: '--on-failure <policy>',
        description:
          'Videos that failed after all attempts: fail (exit 1 listing them; the dataset of the others and the ' +
          'report are still written; --resume retries them), exclude (exit 0 with the dataset without them).',
        choices: ['fail', 'exclude'],
        default: 'fail',
      },
      {
        flags: '--timeout <seconds>',
        description: `Per-request timeout (at most ${MAX_TIMER_SECONDS}).`,
        default: 600,
        parse: numberFlag('--timeout', 0.001, MAX_TIMER_SECONDS),
      },
      {
        flags: '--max-attempts <n>',
        description: 'Attempts per stage before a video is reported as failed.',
        default: 3,
        parse: intFlag('--max-attempts'),
      },
      {
        flags: '--retry-base-ms <ms>',
        description: 'Wait before the first retry; doubles after each.',
        default: 500,
        parse: numberFlag('--retry-base-ms', 0),
      },
      {
        flags: '--snap-tolerance <seconds>',
        description: 'Move the grounded split onto a scene cut this close to it.',
        default: 1,
        parse: numberFlag('--snap-tolerance', 0),
      },
      {
        flags: '--split-mode <mode>',
        description:
          'copy: cut at the keyframe at or before the split (no re-encode); exact: re-encode one part.',
        choices: ['copy', 'exact'],
        default: 'copy',
      },
      {
        flags: '--critique-input <which>',
        description:
          'Prediction judged by the critique: the raw reasoning-model output or the rewritten one.',
        choices: ['raw', 'rewritten'],
        default: 'raw',
      },
      {
        flags: '--allow-missing-reasoning',
        description: 'Accept a reasoner without a reasoning channel (reasoning_content stays empty).',
      },
      {
        flags: '--vlm-extra-body <json>',
        description: 'Extra VLM request fields, e.g. \'{"media_io_kwargs":{"video":{"num_frames":32}}}\'.',
        parse: jsonObjectFlag('--vlm-extra-body'),
      },
      {
        flags: '--video-input <mode>',
        description:
          'video: the whole file as one video_url (vLLM, SGLang); frames: sampled JPEG frames as image_url ' +
          'parts (OpenAI, llama.cpp, Ollama, most hosted APIs).',
        choices: ['video', 'frames'],
        default: 'video',
      },
      {
        flags: '--fps <n>',
        description: `With --video-input frames: frames sampled per second of video. Default: ${DEFAULT_FRAME_OPTIONS.fps}.`,
        parse: numberFlag('--fps', 0.001),
      },
      {
        flags: '--max-frames <n>',
        description: `With --video-input frames: frame cap (the count is rounded down to an even number). Default: ${DEFAULT_FRAME_OPTIONS.maxFrames}.`,
        parse: intFlag('--max-frames', 2),
      },
      {
        flags: '--total-pixels <n>',
        description: `With --video-input frames: pixel budget of all frames together (sets each frame's size). Default: ${DEFAULT_FRAME_OPTIONS.totalPixels}.`,
        parse: intFlag('--total-pixels'),
      },
      {
        flags: '--jpeg-quality <q>',
        description: `With --video-input frames: JPEG quality of the frames (1-100). Default: ${DEFAULT_FRAME_OPTIONS.jpegQuality}.`,
        parse: intFlag('--jpeg-quality'),
      },
      {
        flags: '--max-tokens <n>',
        description:
          'Upper bound on generated tokens per request (max_tokens), for every model; leave room for the ' +
          "reasoner's thinking. Default: none (the server's default).",
        parse: intFlag('--max-tokens'),
      },
      { flags: '--json', description: 'Print the report as JSON on stdout instead of the summary.' },
    ],
    async run({ options, io }) {
      const f = options as unknown as CurateFlags;
      let apiKey: string | undefined;
      if (f.apiKeyEnv) {
        apiKey = io.env[f.apiKeyEnv];
        if (!apiKey) {
          throw new UsageError(`--api-key-env ${f.apiKeyEnv}: the environment variable is not set`);
        }
      }
      const frameOptions: Partial<FrameOptions> = {};
      for (const [flag, key] of FRAME_FLAGS) {
        const value = f[key];
        if (value === undefined) {
          continue;
        }
        if (f.videoInput !== 'frames') {
          throw new UsageError(`${flag} applies only with --video-input frames`);
        }
        frameOptions[key] = value;
      }
      if (f.jpegQuality !== undefined && f.jpegQuality > 100) {
        throw new UsageError(`--jpeg-quality must be an integer from 1 to 100, got ${f.jpegQuality}`);
      }
      // Before any request: a missing or empty --videos folder is a usage error, and nothing is written.
      await listInputVideos(f.videos, f.out);
      const timeoutMs = f.timeout * 1000;
      const modelFor = async (url: string, given: string | undefined, flag: string): Promise<string> => {
        if (given) {
          return given;
        }
        const ids = await listModels(url, { ...(apiKey ? { apiKey } : {}), signal: io.signal });
        const first = ids[0];
        if (!first) {
          throw new UsageError(`${url} lists no models; pass ${flag}`);
        }
        return first;
      };
      const client = (url: string, model: string): LlmClient =>
        createOpenAiClient({ baseUrl: url, model, timeoutMs, ...(apiKey ? { apiKey } : {}) });
      const interrupted = (): number => {
        io.stderr('interrupted: nothing was written\n');
        return EXIT.interrupted;
      };
      let llmModel: string;
      let vlmModel: string;
      let reasonerModel: string;
      const reasonerUrl = f.reasonerUrl ?? f.llmUrl;
      try {
        llmModel = await modelFor(f.llmUrl, f.llmModel, '--llm-model');
        vlmModel = await modelFor(f.vlmUrl, f.vlmModel, '--vlm-model');
        reasonerModel =
          f.reasonerModel ??
          (reasonerUrl === f.llmUrl ? llmModel : await modelFor(reasonerUrl, undefined, '--reasoner-model'));
      } catch (err) {
        if (io.signal.aborted) {
          return interrupted();
        }
        throw err;
      }
      if (io.signal.aborted) {
        return interrupted();
      }

      const progress = createProgress({
        write: (s: string) => io.stderr(s),
        isTTY: io.isTTY,
        label: 'curate',
        plainIntervalMs: 5000,
      });
      // One process per --out (two --resume runs would request every stage twice). The folder is created for
      // the lock; when this run leaves nothing else in it, it is removed again.
      const outDir = resolve(f.out);
      const outExisted = await stat(outDir).then(
        () => true,
        () => false,
      );
      await mkdir(outDir, { recursive: true });
      const lock = await acquireRunLock(join(outDir, LOCK_FILE));
      let total = 0;
      let failed = 0;
      let result;
      try {
        result = await curateVideos({
          videosDir: f.videos,
          outDir: f.out,
          llm: client(f.llmUrl, llmModel),
          vlm: client(f.vlmUrl, vlmModel),
          reasoner: client(reasonerUrl, reasonerModel),
          videoTools: makeTools({ splitMode: f.splitMode, warn: (m) => progress.log(`warning: ${m}`) }),
          concurrency: f.concurrency,
          resume: f.resume === true,
          snapToleranceSec: f.snapTolerance,
          critiqueInput: f.critiqueInput,
          allowMissingReasoning: f.allowMissingReasoning === true,
          stageOptions: {
            maxAttempts: f.maxAttempts,
            retryDelayMs: f.retryBaseMs,
            ...(f.maxTokens !== undefined ? { maxTokens: f.maxTokens } : {}),
          },
          ...(f.vlmExtraBody ? { vlmExtraBody: f.vlmExtraBody } : {}),
          ...(f.videoInput === 'frames'
            ? {
                videoParts: createFramePartsBuilder(frameOptions),
                videoPartsKey: framePartsKey(frameOptions),
              }
            : {}),
          signal: io.signal,
          onProgress(e) {
            if (e.kind === 'start') {
              total = e.total;
              progress.update({ done: 0, total, failed, retries: 0 });
            } else if (e.kind === 'video') {
              if (e.status === 'failed') {
                failed++;
              }
              progress.update({ done: e.done, total, failed, retries: 0 });
            }
          },
        });
      } catch (err) {
        if (err instanceof CurateUsageError) {
          throw new UsageError(
            err.option === 'outDir' ? `${err.message} (--resume)` : `--videos ${err.message}`,
          );
        }
        throw err;
      } finally {
        progress.finish();
        await lock.release();
        if (!outExisted) {
          // Fails (and is ignored) unless the folder is empty, i.e. this run wrote nothing.
          await rmdir(outDir).catch(() => undefined);
        }
      }
      const { report, files } = result;
      if (report.aborted || !files) {
        if (f.json) {
          io.stdout(`${JSON.stringify(report, null, 2)}\n`);
        }
        io.stderr(
          `interrupted: nothing final was written; finished stages are cached in ${join(outDir, OUTPUT_LAYOUT.cache)}; ` +
            're-run the same command with --resume to continue\n',
        );
        return EXIT.interrupted;
      }
      if (f.json) {
        io.stdout(`${JSON.stringify(report, null, 2)}\n`);
      } else {
        io.stdout(formatReport(report));
        io.stdout(`wrote ${files.records}\n      ${files.report}\n`);
        if (report.failures.length > 0) {
          io.stdout(
            `${report.failures.length} video(s) failed (details and raw answers in the report); ` +
              're-run with --resume to retry them\n',
          );
        }
      }
      if (f.videoInput === 'video' && rejectedVideoUrl(report)) {
        io.stderr(
          'hint: the VLM server answered HTTP 400 to the video_url part; servers without video input ' +
            '(OpenAI, llama.cpp, Ollama, …) take frames: re-run with --video-input frames\n',
        );
      }
      if (report.failures.length > 0 && f.onFailure === 'fail') {
        io.stderr(
          `${report.failures.length} video(s) failed after all attempts:\n` +
            report.failures.map((x) => `  ${x.video} (${x.stage}: ${x.reason})\n`).join('') +
            'Re-run with --resume to retry them, or pass --on-failure exclude to accept the dataset without them.\n',
        );
        return EXIT.failure;
      }
      return EXIT.ok;
    },
  };
}

/** `nextevent curate`: turn a folder of videos into V1-33K-style next-event prediction data. */
export const curateCommand: CommandSpec = createCurateCommand();
