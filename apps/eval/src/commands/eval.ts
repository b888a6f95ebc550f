import { availableParallelism } from 'node:os';
import { PythonFloat } from '@nextevent/futurebench';
import { UsageError, EXIT, type CommandSpec } from '../command.js';
import type { EvalBackend } from '../eval/backend.js';
import { FailedSamplesError } from '../eval/errors.js';
import { createVideoPreparer, DEFAULT_FRAME_OPTIONS, type FrameOptions } from '../eval/frames.js';
import { createOpenAIBackend, type VideoPreparer } from '../eval/openai-backend.js';
import { writeRunOutputs } from '../eval/outputs.js';
import { createProgress } from '../eval/progress.js';
import { TASK_GENERATION, type FramesAs } from '../eval/request-builder.js';
import { DEFAULT_RETRY_POLICY } from '../eval/retry.js';
import { FAILURE_POLICIES, runEvalLoop, type FailurePolicy } from '../eval/run-eval.js';
import { createSemaphore } from '../eval/semaphore.js';
import { formatSummary } from '../eval/summary.js';
import { TASK_NAMES, type TaskName } from '../eval/task.js';
import { getTask, type PromptVariant } from '../eval/tasks.js';
import { MAX_TIMER_SECONDS, intFlag, jsonObjectFlag, numberFlag } from '../parse-flags.js';
import { BOOTSTRAP_OPTIONS } from '../bootstrap-options.js';

interface EvalFlags {
  task: TaskName;
  data: string;
  videoRoot: string;
  backend: 'openai' | 'local';
  baseUrl: string;
  model?: string;
  apiKeyEnv?: string;
  modelDir?: string;
  device: 'auto' | 'cpu' | 'webgpu';
  out: string;
  concurrency: number;
  limit?: number;
  resume?: boolean;
  framesAs: FramesAs;
  onFailure: FailurePolicy;
  timeout: number;
  maxAttempts: number;
  retryBaseMs: number;
  maxRetryWait: number;
  maxConsecutiveFailures: number;
  maxNewTokens?: number;
  prompt: PromptVariant;
  maxFrames: number;
  totalPixels: number;
  jpegQuality: number;
  decodeConcurrency: number;
  extraBody?: Record<string, unknown>;
  bootstrap: number;
  seed: number;
  json?: boolean;
}

/** `max_new_tokens` of the task yamls' commented-out reasoning variant. */
const REASONING_MAX_TOKENS = 2048;

/** Replaceable parts of `nextevent eval` (tests swap the frame source; the CLI uses the defaults). */
export interface EvalCommandDeps {
  /** Builds the `openai` backend's video preparer. Default: {@link createVideoPreparer} (@nextevent/video). */
  createVideoPreparer?: (options: Partial<FrameOptions>) => VideoPreparer;
}

/** Creates the `nextevent eval` command (see {@link evalCommand}). */
export function createEvalCommand(deps: EvalCommandDeps = {}): CommandSpec {
  const makePreparer = deps.createVideoPreparer ?? createVideoPreparer;
  return {
    name: 'eval',
    summary:
      'Evaluate a model on FutureBench or SEED-Bench-R1 (L1/L2/L3) and score it exactly like lmms-eval.',
    description:
      'Evaluate a model on FutureBench or SEED-Bench-R1 and score it exactly like lmms-eval.\n\n' +
      'Videos resolve as in lmms-eval (FutureBench: <video-root>/<part of video_path after "video_dataset/">; ' +
      "the root is V1-33K's first_part_video/); a missing file stops the run before any request. Frames are " +
      'sampled on the client with the qwen-vl-utils formula (2 fps, at most --max-frames, even count, ' +
      '--total-pixels budget) and sent as one vLLM video part (data:video/jpeg;base64,… + media_io_kwargs) or ' +
      'as image parts (--frames-as images, for SGLang/Ollama/llama.cpp/OpenAI). Requests are retried on ' +
      '429/5xx/timeouts/resets with exponential backoff + jitter, honouring Retry-After, up to --max-attempts. ' +
      'Every completed sample is appended to <out>/<task>.journal.jsonl and fsynced; --resume continues a ' +
      'killed or failed run without redoing or duplicating a sample. Failed samples are never scored silently: ' +
      'by default the run fails and lists them (--on-failure). Outputs: <out>/<model>/<date>_results.json and ' +
      '<date>_samples_<task>.jsonl (lmms-eval format) and a summary with overall and per-hop accuracy and ' +
      'bootstrap CIs. API keys are read only from the environment variable named by --api-key-env.',
    options: [
      { flags: '--task <name>', description: 'Benchmark task.', choices: TASK_NAMES, required: true },
      {
        flags: '--data <file>',
        description: 'Benchmark docs: futurebench.json (JSON array) or JSONL.',
        required: true,
      },
      {
        flags: '--video-root <dir>',
        description:
          "Media root (lmms-eval's cache_dir): V1-33K first_part_video/ or the SEED-Bench-R1 folder.",
        required: true,
      },
      {
        flags: '--out <dir>',
        description: 'Output folder (journal, run manifest, lmms-eval files).',
        required: true,
      },
      {
        flags: '--backend <name>',
        description: 'Model backend.',
        choices: ['openai', 'local'],
        default: 'openai',
      },
      {
        flags: '--base-url <url>',
        description: 'openai: server URL up to /v1 (vLLM, SGLang, any OpenAI-compatible API).',
        default: 'http://127.0.0.1:8000/v1',
      },
      {
        flags: '--model <name>',
        description: 'openai: the served model name (required with --backend openai).',
      },
      {
        flags: '--api-key-env <var>',
        description:
          'openai: name of the environment variable holding the API key (never printed or written).',
      },
      {
        flags: '--model-dir <dir|url|repo>',
        description: 'local: Qwen2.5-VL checkpoint (folder, URL or HF repo id).',
      },
      {
        flags: '--device <kind>',
        description: 'local: compute backend of @nextevent/vlm (WebGPU on Dawn, or the CPU reference).',
        choices: ['auto', 'cpu', 'webgpu'],
        default: 'auto',
      },
      {
        flags: '--concurrency <n>',
        description: 'Requests in flight at once (local: always 1).',
        default: 8,
        parse: intFlag('--concurrency'),
      },
      {
        flags: '--limit <n>',
        description: 'Evaluate only the first N docs (lmms-eval --limit).',
        parse: intFlag('--limit'),
      },
      { flags: '--resume', description: 'Continue the run in --out: skip samples already in the journal.' },
      {
        flags: '--frames-as <mode>',
        description: 'openai: one vLLM video part (video) or one image part per frame (images).',
        choices: ['video', 'images'],
        default: 'video',
      },
      {
        flags: '--on-failure <policy>',
        description:
          'Samples whose request failed after all retries: fail (exit 1 listing them; --resume retries them), ' +
          'exclude (score the rest), wrong (score them as wrong).',
        choices: FAILURE_POLICIES,
        default: 'fail',
      },
      {
        flags: '--timeout <seconds>',
        description: `Per-attempt request timeout (at most ${MAX_TIMER_SECONDS}).`,
        default: 120,
        parse: numberFlag('--timeout', 0.001, MAX_TIMER_SECONDS),
      },
      {
        flags: '--max-attempts <n>',
        description: 'Hard cap on attempts per request, first one included.',
        default: DEFAULT_RETRY_POLICY.maxAttempts,
        parse: intFlag('--max-attempts'),
      },
      {
        flags: '--retry-base-ms <ms>',
        description: 'Backoff before the first retry; doubles each retry (with jitter), capped at 30 s.',
        default: DEFAULT_RETRY_POLICY.baseDelayMs,
        parse: numberFlag('--retry-base-ms', 0),
      },
      {
        flags: '--max-retry-wait <seconds>',
        description: `Longest wait a Retry-After header may impose (at most ${MAX_TIMER_SECONDS}).`,
        default: DEFAULT_RETRY_POLICY.maxRetryAfterMs / 1000,
        parse: numberFlag('--max-retry-wait', 0, MAX_TIMER_SECONDS),
      },
      {
        flags: '--max-consecutive-failures <n>',
        description: 'Stop the run when N samples in a row failed after all retries (0: never).',
        default: 20,
        parse: intFlag('--max-consecutive-failures', 0),
      },
      {
        flags: '--prompt <variant>',
        description:
          "direct: the task yaml's active prompt (answer with the letter); reasoning: its commented-out R1 " +
          'variant (<think>/<answer> instruction, 2048 tokens, scored from <answer>…</answer>).',
        choices: ['direct', 'reasoning'],
        default: 'direct',
      },
      {
        flags: '--max-new-tokens <n>',
        description: `Generation budget (default ${TASK_GENERATION.maxTokens}, or ${REASONING_MAX_TOKENS} with --prompt reasoning; greedy, temperature 0, top_p 1).`,
        parse: intFlag('--max-new-tokens'),
      },
      {
        flags: '--max-frames <n>',
        description: 'Frame cap of the qwen-vl-utils sampling (2 fps).',
        default: DEFAULT_FRAME_OPTIONS.maxFrames,
        parse: intFlag('--max-frames', 2),
      },
      {
        flags: '--total-pixels <n>',
        description: 'Pixel budget of the whole clip (sets the per-frame size).',
        default: DEFAULT_FRAME_OPTIONS.totalPixels,
        parse: intFlag('--total-pixels'),
      },
      {
        flags: '--jpeg-quality <q>',
        description: 'JPEG quality of the frames sent (1-100).',
        default: DEFAULT_FRAME_OPTIONS.jpegQuality,
        parse: intFlag('--jpeg-quality', 1, 100),
      },
      {
        flags: '--decode-concurrency <n>',
        description: 'Videos decoded at once (CPU-bound; default: the number of CPUs).',
        parse: intFlag('--decode-concurrency'),
      },
      {
        flags: '--extra-body <json>',
        description: 'JSON object merged into every request body (e.g. \'{"max_completion_tokens":16}\').',
        parse: jsonObjectFlag('--extra-body'),
      },
      ...BOOTSTRAP_OPTIONS,
      { flags: '--json', description: 'Print one JSON object (summary, paths, failures) on stdout.' },
    ],
    async run({ options, io }) {
      const f = options as unknown as EvalFlags;
      const task = getTask(f.task, f.prompt);
      const generation = {
        ...TASK_GENERATION,
        maxTokens:
          f.maxNewTokens ?? (f.prompt === 'reasoning' ? REASONING_MAX_TOKENS : TASK_GENERATION.maxTokens),
      };
      let backend: EvalBackend;
      if (f.backend === 'openai') {
        if (!f.model) {
          throw new UsageError('--model is required with --backend openai (the served model name)');
        }
        let apiKey: string | undefined;
        if (f.apiKeyEnv) {
          apiKey = io.env[f.apiKeyEnv];
          if (!apiKey) {
            throw new UsageError(
              `--api-key-env ${f.apiKeyEnv}: that environment variable is not set or empty`,
            );
          }
        }
        backend = createOpenAIBackend({
          baseUrl: f.baseUrl,
          model: f.model,
          ...(apiKey ? { apiKey } : {}),
          framesAs: f.framesAs,
          generation,
          timeoutMs: f.timeout * 1000,
          retry: {
            ...DEFAULT_RETRY_POLICY,
            maxAttempts: f.maxAttempts,
            baseDelayMs: f.retryBaseMs,
            maxRetryAfterMs: f.maxRetryWait * 1000,
          },
          prepareVideo: makePreparer({
            maxFrames: f.maxFrames,
            totalPixels: f.totalPixels,
            jpegQuality: f.jpegQuality,
          }),
          decodeSlots: createSemaphore(f.decodeConcurrency ?? Math.max(1, availableParallelism())),
          ...(f.extraBody ? { extraBody: f.extraBody } : {}),
        });
      } else {
        if (!f.modelDir) {
          throw new UsageError('--model-dir is required with --backend local');
        }
        // Loaded on demand: the openai backend never pays for @nextevent/vlm.
        const { createLocalBackend } = await import('../eval/local-backend.js');
        backend = await createLocalBackend({
          source: f.modelDir,
          device: f.device,
          maxNewTokens: generation.maxTokens,
          maxFrames: f.maxFrames,
          totalPixels: f.totalPixels,
        });
      }
      const progress = createProgress({
        write: (text) => io.stderr(text),
        isTTY: io.isTTY,
        label: task.lmmsName,
      });
      const startTime = performance.now() / 1000;
      let loop;
      try {
        loop = await runEvalLoop({
          task,
          dataPath: f.data,
          videoRoot: f.videoRoot,
          outDir: f.out,
          backend,
          concurrency: f.backend === 'local' ? 1 : f.concurrency,
          ...(f.limit === undefined ? {} : { limit: f.limit }),
          resume: f.resume === true,
          maxConsecutiveFailures: f.maxConsecutiveFailures,
          onFailure: f.onFailure,
          signal: io.signal,
          progress,
          settings: {
            frames_as: f.backend === 'openai' ? f.framesAs : null,
            max_new_tokens: generation.maxTokens,
            prompt: f.prompt,
            max_frames: f.maxFrames,
            total_pixels: f.totalPixels,
            jpeg_quality: f.jpegQuality,
          },
        });
      } finally {
        await backend.close?.();
      }
      const failureLines = loop.failures.map((x) => `  doc ${x.doc_id} (${x.id}): ${x.error}`);
      if (loop.status === 'interrupted') {
        io.stderr(
          `interrupted: ${loop.completed}/${loop.total} samples are saved in ${loop.journalPath}; ` +
            're-run the same command with --resume to continue\n',
        );
        if (f.json) {
          io.stdout(
            `${JSON.stringify({ status: 'interrupted', total: loop.total, completed: loop.completed })}\n`,
          );
        }
        return EXIT.failure;
      }
      if (loop.status === 'failed') {
        const msg =
          (loop.stopReason ? `${loop.stopReason}.\n` : '') +
          `${loop.failures.length} sample(s) failed after all retries (${loop.completed}/${loop.total} completed and ` +
          `saved):\n${failureLines.join('\n')}\nRe-run with --resume to retry them, or pass --on-failure ` +
          'exclude|wrong to score without them.';
        if (f.json) {
          io.stdout(
            `${JSON.stringify({ status: 'failed', total: loop.total, completed: loop.completed, failures: loop.failures, stopReason: loop.stopReason ?? null })}\n`,
          );
        }
        throw new FailedSamplesError(msg);
      }
      if ((loop.samples ?? []).length === 0) {
        // --on-failure exclude with every sample failed: an accuracy over zero samples means nothing (and
        // `score` refuses the empty samples file), so fail like the default policy; the journal stays for --resume.
        if (f.json) {
          io.stdout(
            `${JSON.stringify({ status: 'failed', total: loop.total, completed: loop.completed, failures: loop.failures, stopReason: 'no sample left to score' })}\n`,
          );
        }
        throw new FailedSamplesError(
          `all ${loop.failures.length} sample(s) failed after all retries and --on-failure ${f.onFailure} ` +
            `excluded them: no sample is left to score, so no accuracy is reported:\n${failureLines.join('\n')}\n` +
            'Re-run with --resume to retry them.',
        );
      }
      const written = await writeRunOutputs({
        task,
        samples: loop.samples ?? [],
        failures: loop.failures,
        failurePolicy: f.onFailure,
        outDir: f.out,
        backendName: backend.name,
        modelName: backend.modelName,
        modelArgs: backend.modelArgs,
        generationKwargs: {
          max_new_tokens: generation.maxTokens,
          // Floats as Python writes them (0.0, 1.0), like lmms-eval's results file.
          temperature: new PythonFloat(generation.temperature),
          top_p: new PythonFloat(generation.topP),
          num_beams: 1,
          do_sample: false,
          until: ['\n\n'],
        },
        bootstrap: { iterations: f.bootstrap, seed: f.seed },
        startTime,
        endTime: performance.now() / 1000,
      });
      if (loop.failures.length > 0) {
        io.stderr(
          `${loop.failures.length} sample(s) failed after all retries and were ` +
            `${f.onFailure === 'wrong' ? 'scored as wrong' : 'excluded'}:\n${failureLines.join('\n')}\n`,
        );
      }
      if (f.json) {
        io.stdout(
          `${JSON.stringify({
            status: 'completed',
            task: task.lmmsName,
            model: backend.modelName,
            total: loop.total,
            completed: loop.completed,
            resumed: loop.resumed,
            retries: loop.retries,
            failures: loop.failures,
            failurePolicy: f.onFailure,
            accuracy: written.summary.groups,
            resultsPath: written.resultsPath,
            samplesPath: written.samplesPath,
            wallSeconds: loop.wallSeconds,
          })}\n`,
        );
      } else {
        io.stdout(formatSummary(written.summary));
      }
      return EXIT.ok;
    },
  };
}

/** `nextevent eval`: run FutureBench or SEED-Bench-R1 against a model, robustly, and score it like lmms-eval. */
export const evalCommand: CommandSpec = createEvalCommand();
