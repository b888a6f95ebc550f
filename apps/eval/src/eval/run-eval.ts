/**
 * The eval loop: validate data and media up front, then predict every pending sample with bounded concurrency,
 * append each completed one durably to the journal, and, when all are accounted for, score and write the
 * lmms-eval outputs. Re-running with `resume` continues from the journal; nothing completed is lost or redone.
 */
import { createHash } from 'node:crypto';
import { mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { EvalBackend, Prediction } from './backend.js';
import { MediaDecodeError, RequestError, RunStateError } from './errors.js';
import { openJournal } from './journal.js';
import { runPool } from './pool.js';
import { acquireRunLock } from './run-lock.js';
import type { ProgressReporter } from './progress.js';
import { assertMediaExist, type DocMedia } from './resolve-media.js';
import type { EvalTask } from './task.js';

/** What to do with samples whose request failed after every retry. */
export type FailurePolicy = 'fail' | 'exclude' | 'wrong';

/** The failure policies, as `--on-failure` lists them. */
export const FAILURE_POLICIES: readonly FailurePolicy[] = ['fail', 'exclude', 'wrong'];

/** One line of the journal: a completed sample. */
export interface JournalRecord {
  doc_id: number;
  /** The doc's own id (checked on resume). */
  id: string;
  response: string;
  reasoning?: string;
  finish_reason?: string;
  attempts: number;
  latency_ms: number;
  prompt_tokens?: number;
  completion_tokens?: number;
}

/** A sample that failed after every retry. */
export interface FailedSample {
  doc_id: number;
  id: string;
  error: string;
}

/** A sample ready to score: a completed prediction, or a failure scored as wrong. */
export interface FinishedSample<Doc = unknown> {
  docId: number;
  doc: Doc;
  prompt: string;
  target: string;
  response: string;
  reasoning?: string;
  /** Set when the request failed and the policy is `wrong`: the response is empty. */
  error?: string;
}

/** Options of {@link runEval}. */
export interface RunEvalOptions<Doc> {
  task: EvalTask<Doc>;
  dataPath: string;
  videoRoot: string;
  outDir: string;
  backend: EvalBackend;
  concurrency: number;
  /** Evaluate only the first N docs (lmms-eval `--limit`). */
  limit?: number;
  resume: boolean;
  onFailure: FailurePolicy;
  signal: AbortSignal;
  progress: ProgressReporter;
  /** Extra settings that must match on `--resume` (frames-as, generation, …). */
  settings: Record<string, unknown>;
  /**
   * Stop the run when this many samples in a row failed after all retries (the server is down or rejects every
   * request), instead of spending hours on doomed retries. 0 disables. Default: 0.
   */
  maxConsecutiveFailures?: number;
}

/** How the run ended before scoring. */
export interface EvalLoopReport<Doc> {
  status: 'completed' | 'failed' | 'interrupted';
  total: number;
  /** Samples already done when the run started (resume). */
  resumed: number;
  completed: number;
  failures: FailedSample[];
  retries: number;
  /** Why the run stopped early (status 'failed'), e.g. too many failures in a row. */
  stopReason?: string;
  /** Present when status is 'completed': every sample to score, in doc order. */
  samples?: FinishedSample<Doc>[];
  journalPath: string;
  wallSeconds: number;
}

/** Writes `data` to `path` atomically: a synced temp file renamed over it, so readers never see a partial file. */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  try {
    const fh = await open(tmp, 'w');
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Reads and validates the data file, applies `limit`. */
export async function loadDocs<Doc>(
  task: EvalTask<Doc>,
  dataPath: string,
  limit?: number,
): Promise<{ docs: Doc[]; sha256: string }> {
  const bytes = await readFile(dataPath);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const docs = task.parseDocs(bytes.toString('utf8'));
  return { docs: limit === undefined ? docs : docs.slice(0, limit), sha256 };
}

/** Runs the eval loop (see the module comment). Throws on bad data, missing media, a fatal request error. */
export async function runEvalLoop<Doc>(opts: RunEvalOptions<Doc>): Promise<EvalLoopReport<Doc>> {
  const started = Date.now();
  const { task } = opts;
  const { docs, sha256 } = await loadDocs(task, opts.dataPath, opts.limit);
  const items = docs.map((doc, docId) => ({
    docId,
    doc,
    id: task.docKey(doc),
    media: task.media(doc, opts.videoRoot),
  }));
  await assertMediaExist(items);

  await mkdir(opts.outDir, { recursive: true });
  const lock = await acquireRunLock(join(opts.outDir, `${task.lmmsName}.lock`));
  try {
    return await runLocked(opts, items, sha256, docs.length, started);
  } finally {
    await lock.release();
  }
}

async function runLocked<Doc>(
  opts: RunEvalOptions<Doc>,
  items: { docId: number; doc: Doc; id: string; media: DocMedia }[],
  sha256: string,
  docCount: number,
  started: number,
): Promise<EvalLoopReport<Doc>> {
  const { task, backend } = opts;
  const manifestPath = join(opts.outDir, `${task.lmmsName}.run.json`);
  const journalPath = join(opts.outDir, `${task.lmmsName}.journal.jsonl`);
  const manifest = {
    task: task.name,
    data_sha256: sha256,
    docs: docCount,
    limit: opts.limit ?? null,
    backend: backend.name,
    model: backend.fingerprint,
    settings: opts.settings,
  };
  let existing: unknown;
  try {
    existing = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new RunStateError(`${manifestPath}: cannot read the run manifest (${(err as Error).message})`);
    }
  }
  if (existing !== undefined && !opts.resume) {
    throw new RunStateError(
      `${opts.outDir} already holds a ${task.name} run: pass --resume to continue it, or choose another --out`,
    );
  }
  if (existing !== undefined) {
    const diffs = Object.keys(manifest).filter(
      (k) =>
        JSON.stringify((existing as Record<string, unknown>)[k]) !==
        JSON.stringify(manifest[k as keyof typeof manifest]),
    );
    if (diffs.length > 0) {
      throw new RunStateError(
        `--resume: ${manifestPath} was made with other settings (${diffs.join(', ')} differ); use the same flags or another --out`,
      );
    }
  } else {
    await writeFileAtomic(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  }

  const { journal, records, truncatedBytes } = await openJournal<JournalRecord>(journalPath);
  if (truncatedBytes > 0) {
    opts.progress.log(
      `resume: dropped a torn last journal line (${truncatedBytes} bytes) left by an interrupted write`,
    );
  }
  const done = new Map<number, JournalRecord>();
  for (const r of records) {
    const item = items[r.doc_id];
    if (item === undefined || item.id !== r.id) {
      await journal.close();
      throw new RunStateError(
        `${journalPath}: record for doc ${r.doc_id} (${r.id}) does not match the data file`,
      );
    }
    if (!done.has(r.doc_id)) {
      done.set(r.doc_id, r);
    }
  }
  const resumed = done.size;
  const pending = items.filter((it) => !done.has(it.docId));
  const failures: FailedSample[] = [];
  let retries = 0;
  // A fatal error (bad key, unknown model) aborts the requests in flight too.
  const stop = new AbortController();
  const signal = AbortSignal.any([opts.signal, stop.signal]);
  let consecutiveFailures = 0;
  let stopReason: string | undefined;
  const state = () => ({ done: done.size, total: items.length, failed: failures.length, retries });
  opts.progress.begin(resumed);
  opts.progress.update(state());

  const worker = async (it: { docId: number; doc: Doc; id: string; media: DocMedia }): Promise<void> => {
    const t0 = performance.now();
    let pred: Prediction;
    try {
      pred = await backend.predict(
        {
          docId: it.docId,
          prompt: task.prompt(it.doc),
          media: it.media,
          onRetry: () => {
            retries++;
            opts.progress.update(state());
          },
        },
        signal,
      );
    } catch (err) {
      if (signal.aborted) {
        return;
      }
      if ((err instanceof RequestError && !err.fatal) || err instanceof MediaDecodeError) {
        failures.push({ doc_id: it.docId, id: it.id, error: err.message });
        opts.progress.log(`doc ${it.docId} (${it.id}) failed: ${err.message}`);
        opts.progress.update(state());
        consecutiveFailures++;
        const limit = opts.maxConsecutiveFailures ?? 0;
        if (limit > 0 && consecutiveFailures >= limit && stopReason === undefined) {
          stopReason = `stopped early: the last ${consecutiveFailures} samples all failed after every retry (is the server up and accepting these requests?)`;
          stop.abort(new Error(stopReason));
        }
        return;
      }
      stop.abort(err);
      throw err;
    }
    const record: JournalRecord = {
      doc_id: it.docId,
      id: it.id,
      response: pred.response,
      attempts: pred.attempts,
      latency_ms: Math.round(performance.now() - t0),
    };
    if (pred.reasoning !== undefined) {
      record.reasoning = pred.reasoning;
    }
    if (pred.finishReason !== undefined) {
      record.finish_reason = pred.finishReason;
    }
    if (pred.promptTokens !== undefined) {
      record.prompt_tokens = pred.promptTokens;
    }
    if (pred.completionTokens !== undefined) {
      record.completion_tokens = pred.completionTokens;
    }
    await journal.append(record);
    done.set(it.docId, record);
    consecutiveFailures = 0;
    opts.progress.update(state());
  };

  try {
    await runPool(pending, opts.concurrency, worker, signal);
  } finally {
    await journal.close();
    opts.progress.finish();
  }

  const base = {
    total: items.length,
    resumed,
    completed: done.size,
    failures: failures.sort((a, b) => a.doc_id - b.doc_id),
    retries,
    journalPath,
    wallSeconds: (Date.now() - started) / 1000,
  };
  if (opts.signal.aborted) {
    return { status: 'interrupted', ...base };
  }
  if (stopReason !== undefined) {
    return { status: 'failed', ...base, stopReason };
  }
  if (failures.length > 0 && opts.onFailure === 'fail') {
    return { status: 'failed', ...base };
  }
  const failedById = new Map(failures.map((f) => [f.doc_id, f]));
  const samples: FinishedSample<Doc>[] = [];
  for (const it of items) {
    const rec = done.get(it.docId);
    const base = { docId: it.docId, doc: it.doc, prompt: task.prompt(it.doc), target: task.target(it.doc) };
    if (rec) {
      samples.push({
        ...base,
        response: rec.response,
        ...(rec.reasoning === undefined ? {} : { reasoning: rec.reasoning }),
      });
    } else if (opts.onFailure === 'wrong') {
      samples.push({ ...base, response: '', error: failedById.get(it.docId)?.error ?? 'failed' });
    }
  }
  return { status: 'completed', ...base, samples };
}
