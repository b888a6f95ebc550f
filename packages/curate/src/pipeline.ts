import { copyFile, link, mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { JsonRepair } from './json-repair.js';
import type { ChatContentPart, LlmClient, TokenUsage } from './llm-client.js';
import { buildRecord, type CuratedRecord } from './record.js';
import { emptyReport, recordDrop, recordUsage, type CurationReport } from './report.js';
import type { CausalAnalysis, Critique, SceneEvent, SplitCaption } from './schemas.js';
import { hashFile, hashJson, StageCache } from './stage-cache.js';
import { StageError, type StageName } from './stage-error.js';
import { analyzeCausality } from './stages/causal-analysis.js';
import { splitCaption } from './stages/caption-split.js';
import type { StageOptions } from './stages/common.js';
import { critiquePrediction } from './stages/critique.js';
import { identifyEvents } from './stages/event-identification.js';
import { translateFacts } from './stages/fact-translation.js';
import { predictNextEvent, type NextEventPrediction } from './stages/reasoning.js';
import { rewritePrediction, type RewrittenPrediction } from './stages/rewrite.js';
import { groundSplit, type SplitGrounding } from './stages/split-grounding.js';
import { splitVideoAt } from './stages/video-split.js';
import { VIDEO_EXTENSIONS, videoDataUrlPart } from './video-part.js';
import type { VideoTools } from './video-tools.js';
import { NO_USAGE } from './llm-client.js';

/** File names inside the output folder (the V1-33K layout). */
export const OUTPUT_LAYOUT = {
  records: 'next_event_prediction.json',
  report: 'curation_report.json',
  fullVideos: 'video_dataset',
  firstPart: 'first_part_video',
  secondPart: 'second_part_video',
  cache: '.curate-cache',
} as const;

/** Progress of a run, for a progress bar. */
export type CurateProgress =
  | { kind: 'start'; total: number }
  | { kind: 'stage'; video: string; stage: StageName; status: 'ok' | 'cached' | 'failed' }
  | { kind: 'video'; video: string; status: 'record' | 'dropped' | 'failed'; done: number; total: number };

/** Options of {@link curateVideos}. */
export interface CurateOptions {
  /** Folder searched recursively for videos (.mp4, .m4v, .mov, .webm, .mkv, .avi). */
  videosDir: string;
  /** Output folder: `next_event_prediction.json`, `curation_report.json`, the video folders and the stage cache. */
  outDir: string;
  /** Text LLM for analysis, caption split, rewrite and critique (o3-mini in the paper). */
  llm: LlmClient;
  /** Video LLM for the caption and the split timestamp (Qwen2.5-VL-72B for the latter in the paper). */
  vlm: LlmClient;
  /** Reasoning model for the prediction (DeepSeek-R1 in the paper). Default: `llm`. */
  reasoner?: LlmClient;
  /** Probe, scene detection and split. */
  videoTools: VideoTools;
  /** Videos processed at once. Default: 2. */
  concurrency?: number;
  /**
   * Reuse the stage cache of an earlier run in `outDir` (only stages whose inputs are unchanged). Without it the run
   * refuses an `outDir` that already holds results. Default: false.
   */
  resume?: boolean;
  /** A scene cut within this many seconds of the VLM's split time replaces it. Default: 1. */
  snapToleranceSec?: number;
  /**
   * Which prediction the critique judges: the reasoning model's raw output (`raw`, what the reference's parameter
   * names suggest) or the rewritten one. Default: `raw`.
   */
  critiqueInput?: 'raw' | 'rewritten';
  /** Retries, token limits and prompt overrides for every model stage. */
  stageOptions?: Omit<StageOptions, 'signal'>;
  /** Accept a reasoner without a reasoning channel. Default: false. */
  allowMissingReasoning?: boolean;
  /**
   * Builds the video content parts sent to the VLM (before the prompt text), once per video and only when a VLM
   * stage runs; `signal` is the run's. Default: the whole file as one `video_url` data URL
   * ({@link videoDataUrlPart}), which vLLM and SGLang accept. For servers that take only images (OpenAI, llama.cpp,
   * Ollama, most hosted APIs), build sampled frames as `image_url` parts instead (the `nextevent` CLI's
   * `--video-input frames` does this with JPEG frames sampled like qwen-vl-utils).
   */
  videoParts?: (path: string, signal?: AbortSignal) => Promise<readonly ChatContentPart[]>;
  /**
   * Names what `videoParts` sends (e.g. `frames:fps=2,maxFrames=32`). It joins the cache keys of the VLM stages
   * (caption, grounding), so a `resume` run with another video input redoes them instead of reusing answers to a
   * different input. Default: none (the keys of the default `video_url` input).
   */
  videoPartsKey?: string;
  /** Extra request fields for the VLM, e.g. `{media_io_kwargs: {video: {num_frames: 32}}}`. */
  vlmExtraBody?: Readonly<Record<string, unknown>>;
  /** A caption to use instead of asking the VLM (e.g. existing LLaVA-Video captions), by relative video path. */
  captionFor?: (relativePath: string) => string | undefined | Promise<string | undefined>;
  /** Prefix of `full_video_path`. Default: `./<basename of outDir>` (as V1-33K's `./V1-33K/video_dataset/…`). */
  fullVideoPrefix?: string;
  /** Checks the final records (e.g. against @nextevent/dataset's schema); throw to fail the run. */
  validateRecords?: (records: readonly CuratedRecord[]) => void;
  onProgress?: (event: CurateProgress) => void;
  signal?: AbortSignal;
}

/** The output of {@link curateVideos}. */
export interface CurateResult {
  records: CuratedRecord[];
  report: CurationReport;
  /**
   * Absolute paths of the files written. Absent when the run was aborted: nothing final is written then (an
   * earlier run's files stay as they were), and the stage cache keeps the finished work for a `resume` run.
   */
  files?: { records: string; report: string };
}

/** The run refused to start (`outDir` holds results and `resume` is off, or `videosDir` holds no video). */
export class CurateUsageError extends Error {
  override name = 'CurateUsageError';
  /** Which input is at fault: `outDir` (holds results, no `resume`) or `videosDir` (no video in it). */
  readonly option: 'outDir' | 'videosDir';
  constructor(message: string, option: 'outDir' | 'videosDir') {
    super(message);
    this.option = option;
  }
}

/**
 * Lists the videos under `dir`, sorted, as paths relative to it with `/` separators. Hidden files and anything
 * under `exclude` (e.g. an output folder inside the input folder) are skipped.
 */
export async function findVideos(dir: string, exclude?: string): Promise<string[]> {
  const root = resolve(dir);
  const skip = exclude === undefined ? undefined : resolve(exclude);
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    const full = join(e.parentPath, e.name);
    const ext = e.name.slice(e.name.lastIndexOf('.')).toLowerCase();
    if (skip !== undefined && (full === skip || full.startsWith(skip + sep))) {
      continue;
    }
    if (e.isFile() && e.name.includes('.') && VIDEO_EXTENSIONS.includes(ext) && !e.name.startsWith('.')) {
      out.push(relative(root, full).split(sep).join('/'));
    }
  }
  return out.sort();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  const tmp = `${path}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`);
  await rename(tmp, path);
}

type Outcome = { status: 'record'; record: CuratedRecord } | { status: 'dropped' | 'failed' };

/**
 * Runs the whole V1 curation pipeline over a folder of videos: caption (VLM), event identification, causal analysis,
 * caption split, split grounding (VLM + scene-cut snapping), video split, reasoning, rewrite and critique. Each
 * stage's result is cached per video content hash, so a `resume` run only does missing work. Failures do not stop
 * the run; they are counted and kept, with the raw model answers, in the report.
 *
 * Writes `next_event_prediction.json` (V1-33K records, sorted by `video_path`), `curation_report.json`, the full
 * videos under `video_dataset/` (hard links where possible) and the two parts under `first_part_video/` and
 * `second_part_video/`.
 *
 * Each video is probed first: a file that cannot be decoded fails its `probe` stage before any model request.
 * When `signal` aborts, the run stops, writes neither file and resolves with `report.aborted` set and no `files`.
 *
 * @throws CurateUsageError when `outDir` holds results and `resume` is off, or `videosDir` holds no video (nothing
 * is written then); TypeError for invalid options.
 */
export async function curateVideos(options: CurateOptions): Promise<CurateResult> {
  const concurrency = options.concurrency ?? 2;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new TypeError('options.concurrency, when provided, must be a positive integer');
  }
  if (options.videoPartsKey !== undefined && typeof options.videoPartsKey !== 'string') {
    throw new TypeError('options.videoPartsKey, when provided, must be a string');
  }
  const snapTolerance = options.snapToleranceSec ?? 1;
  const videosDir = resolve(options.videosDir);
  const outDir = resolve(options.outDir);
  const recordsPath = join(outDir, OUTPUT_LAYOUT.records);
  const reportPath = join(outDir, OUTPUT_LAYOUT.report);
  const cacheDir = join(outDir, OUTPUT_LAYOUT.cache);
  if (!options.resume && ((await exists(recordsPath)) || (await exists(cacheDir)))) {
    throw new CurateUsageError(
      `${outDir} already holds curation results; resume them or choose another folder`,
      'outDir',
    );
  }
  const llm = options.llm;
  const vlm = options.vlm;
  const reasoner = options.reasoner ?? llm;
  const cache = new StageCache(cacheDir);
  const signal = options.signal;
  const stageOptions: StageOptions = { ...options.stageOptions, ...(signal ? { signal } : {}) };
  const prefix = options.fullVideoPrefix ?? `./${basename(outDir)}`;
  const makeParts = options.videoParts ?? (async (p: string) => [await videoDataUrlPart(p)]);
  // Only set keys change the VLM stages' cache keys, so caches of runs with the default input stay valid.
  const partsKey = options.videoPartsKey === undefined ? {} : { videoInput: options.videoPartsKey };

  const videos = await findVideos(videosDir, outDir);
  if (videos.length === 0) {
    throw new CurateUsageError(
      `${videosDir} holds no video (searched recursively for ${VIDEO_EXTENSIONS.join(', ')})`,
      'videosDir',
    );
  }
  const report = emptyReport(videos.length);
  options.onProgress?.({ kind: 'start', total: videos.length });
  await mkdir(outDir, { recursive: true });

  async function processVideo(rel: string, at: { stage: StageName }): Promise<Outcome> {
    const path = join(videosDir, rel);
    const videoHash = await hashFile(path, signal);
    let videoParts: readonly ChatContentPart[] | undefined;
    const parts = async (): Promise<readonly ChatContentPart[]> =>
      (videoParts ??= await makeParts(path, signal));

    /** Runs one stage through the cache; `model` is '' for stages without one. */
    async function stage<T>(
      name: StageName,
      model: string,
      inputs: unknown,
      compute: () => Promise<{ value: T; usage: TokenUsage; repairs?: JsonRepair[] }>,
      valid: (value: T) => Promise<boolean> = () => Promise.resolve(true),
    ): Promise<T> {
      at.stage = name;
      const key = hashJson({ stage: name, model, inputs });
      if (options.resume) {
        const hit = await cache.get<T>(videoHash, name, key);
        if (hit && (await valid(hit.value))) {
          report.stages[name].cached++;
          options.onProgress?.({ kind: 'stage', video: rel, stage: name, status: 'cached' });
          return hit.value;
        }
      }
      let r: { value: T; usage: TokenUsage; repairs?: JsonRepair[] };
      try {
        r = await compute();
      } catch (err) {
        if (err instanceof StageError) {
          report.stages[name].failed++;
          recordUsage(report, name, model, err.usage);
          options.onProgress?.({ kind: 'stage', video: rel, stage: name, status: 'failed' });
        }
        throw err;
      }
      report.stages[name].ok++;
      recordUsage(report, name, model, r.usage);
      if (r.repairs && r.repairs.length > 0) {
        report.repairedAnswers++;
      }
      await cache.put(videoHash, name, {
        key,
        value: r.value,
        usage: r.usage,
        createdAt: new Date().toISOString(),
      });
      options.onProgress?.({ kind: 'stage', video: rel, stage: name, status: 'ok' });
      return r.value;
    }

    /** Runs a video-tool call, turning its errors into a StageError of `name`. */
    async function tool<T>(name: StageName, what: string, fn: () => Promise<T>): Promise<T> {
      try {
        return await fn();
      } catch (err) {
        if (signal?.aborted) {
          throw signal.reason;
        }
        const e = err instanceof Error ? err : new Error(String(err));
        throw new StageError(
          name,
          [{ reason: 'video', message: `${what} ${rel}: ${e.name}: ${e.message}` }],
          NO_USAGE,
        );
      }
    }

    // Probe first: a file that cannot be decoded must fail before any (paid) model request.
    const { durationSec } = await stage<{ durationSec: number }>('probe', '', { videoHash }, async () => ({
      value: {
        durationSec: (await tool('probe', 'probing', () => options.videoTools.probe(path, signal)))
          .durationSec,
      },
      usage: NO_USAGE,
    }));
    const provided = await options.captionFor?.(rel);
    const caption =
      provided ??
      (await stage<string>(
        'caption',
        vlm.model,
        { videoHash, extra: options.vlmExtraBody ?? null, ...partsKey },
        async () =>
          translateFacts(
            vlm,
            { video: await parts(), ...(options.vlmExtraBody ? { extraBody: options.vlmExtraBody } : {}) },
            stageOptions,
          ),
      ));
    const events = await stage<SceneEvent[]>('events', llm.model, { caption }, () =>
      identifyEvents(llm, { caption }, stageOptions),
    );
    const causal = await stage<CausalAnalysis>('causal', llm.model, { caption, events }, () =>
      analyzeCausality(llm, { caption, events }, stageOptions),
    );
    if (!causal.split) {
      recordDrop(report, 'unsuitable');
      return { status: 'dropped' };
    }
    const split = causal.split;
    const captions = await stage<SplitCaption>(
      'captionSplit',
      llm.model,
      { caption, events, point: causal.optimal_split_point },
      () =>
        splitCaption(llm, { caption, events, optimalSplitPoint: causal.optimal_split_point }, stageOptions),
    );
    const grounding = await stage<SplitGrounding & { durationSec: number; sceneCuts: number[] }>(
      'grounding',
      vlm.model,
      { videoHash, events, split, snapTolerance, extra: options.vlmExtraBody ?? null, ...partsKey },
      async () => {
        const sceneCuts = await tool('grounding', 'detecting scenes in', () =>
          options.videoTools.detectScenes(path, signal),
        );
        const r = await groundSplit(
          vlm,
          {
            video: await parts(),
            events,
            split,
            durationSec,
            sceneCuts,
            snapToleranceSec: snapTolerance,
            ...(options.vlmExtraBody ? { extraBody: options.vlmExtraBody } : {}),
          },
          stageOptions,
        );
        return { ...r, value: { ...r.value, durationSec, sceneCuts } };
      },
    );
    if (grounding.snapped) {
      report.snappedSplits++;
    }
    const pastPath = join(outDir, OUTPUT_LAYOUT.firstPart, rel);
    const futurePath = join(outDir, OUTPUT_LAYOUT.secondPart, rel);
    const cut = await stage<{ atSec: number }>(
      'videoSplit',
      '',
      { videoHash, at: grounding.timeSec },
      async () => ({
        value: await splitVideoAt(options.videoTools, {
          path,
          atSec: grounding.timeSec,
          pastPath,
          futurePath,
          ...(signal ? { signal } : {}),
        }),
        usage: NO_USAGE,
      }),
      async () => (await exists(pastPath)) && (await exists(futurePath)),
    );
    const prediction = await stage<NextEventPrediction>(
      'reasoning',
      reasoner.model,
      { part1: captions.caption_part1, allowMissing: options.allowMissingReasoning ?? false },
      () =>
        predictNextEvent(
          reasoner,
          { captionPart1: captions.caption_part1 },
          { ...stageOptions, allowMissingReasoning: options.allowMissingReasoning ?? false },
        ),
    );
    const rewritten = await stage<RewrittenPrediction>('rewrite', llm.model, { prediction }, () =>
      rewritePrediction(llm, prediction, stageOptions),
    );
    const useRewritten = options.critiqueInput === 'rewritten';
    const critiqueInput = {
      captionPart2: captions.caption_part2,
      prediction: useRewritten ? rewritten.rewritten_prediction_content : prediction.prediction_content,
      reasoning: useRewritten ? rewritten.rewritten_reasoning_content : prediction.reasoning_content,
    };
    const critique = await stage<Critique>('critique', llm.model, critiqueInput, () =>
      critiquePrediction(llm, critiqueInput, stageOptions),
    );

    const fullPath = join(outDir, OUTPUT_LAYOUT.fullVideos, rel);
    if (!(await exists(fullPath))) {
      await mkdir(join(fullPath, '..'), { recursive: true });
      await link(path, fullPath).catch(() => copyFile(path, fullPath));
    }
    const record = buildRecord({
      videoPath: `${OUTPUT_LAYOUT.fullVideos}/${rel}`,
      fullVideoPath: `${prefix}/${OUTPUT_LAYOUT.fullVideos}/${rel}`,
      caption,
      events,
      causal,
      splitCaption: captions,
      splitSec: cut.atSec,
      durationSec: grounding.durationSec,
      prediction,
      rewritten,
      critique,
    });
    return { status: 'record', record };
  }

  const records: CuratedRecord[] = [];
  let next = 0;
  let done = 0;
  async function worker(): Promise<void> {
    while (next < videos.length && !signal?.aborted) {
      const rel = videos[next++];
      if (rel === undefined) {
        break;
      }
      let outcome: Outcome;
      const at: { stage: StageName } = { stage: 'probe' };
      try {
        outcome = await processVideo(rel, at);
      } catch (caught) {
        if (signal?.aborted) {
          return;
        }
        let err: StageError;
        if (caught instanceof StageError) {
          err = caught;
        } else {
          // Not a model or video-tool failure (e.g. an unreadable file): still this video's failure, not the run's.
          const e = caught instanceof Error ? caught : new Error(String(caught));
          err = new StageError(at.stage, [{ reason: 'error', message: `${e.name}: ${e.message}` }], NO_USAGE);
          report.stages[at.stage].failed++;
        }
        report.failures.push({
          video: rel,
          stage: err.stage,
          reason: err.reason,
          message: err.message,
          ...(err.raw !== undefined ? { raw: err.raw } : {}),
          attempts: err.attempts,
        });
        recordDrop(report, `${err.stage}:${err.reason}`);
        outcome = { status: 'failed' };
      }
      if (outcome.status === 'record') {
        records.push(outcome.record);
      }
      done++;
      options.onProgress?.({ kind: 'video', video: rel, status: outcome.status, done, total: videos.length });
    }
  }
  await Promise.all(
    Array.from({ length: Math.min(concurrency, Math.max(1, videos.length)) }, () => worker()),
  );

  records.sort((a, b) => (a.video_path < b.video_path ? -1 : a.video_path > b.video_path ? 1 : 0));
  report.records = records.length;
  for (const r of records) {
    report.conclusions[r.o3_critique.Conclusion]++;
  }
  report.aborted = signal?.aborted ?? false;
  report.finishedAt = new Date().toISOString();
  if (report.aborted) {
    // Interrupted: a partial dataset must not pass for a finished one. The stage cache holds the finished work.
    return { records, report };
  }
  options.validateRecords?.(records);
  await writeJsonAtomic(recordsPath, records);
  await writeJsonAtomic(reportPath, report);
  return { records, report, files: { records: recordsPath, report: reportPath } };
}
