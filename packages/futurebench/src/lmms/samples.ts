import { LmmsFormatError } from '../errors.js';
import { pythonJsonDumps } from '../python/json.js';
import { pythonStr } from '../python/format.js';
import { METRIC_NAMES, type FutureAccRecord, type SeedBenchR1AccRecord } from '../score.js';
import { sha256Hex, toText, type TextInput } from './text.js';

/** Keys of a samples line that are not metrics (mirror v0.3.0 and upstream lmms-eval). */
const NON_METRIC_KEYS = new Set([
  'doc_id',
  'doc',
  'target',
  'arguments',
  'resps',
  'filtered_resps',
  'doc_hash',
  'prompt_hash',
  'target_hash',
  'input',
  'token_counts',
  'input_media',
]);

/** One line of an lmms-eval `*_samples_<task>.jsonl` file, as read by {@link readSamplesJsonl}. */
export interface LmmsSample {
  /** Position of the doc in the task's test split. */
  docId: number;
  /** The saved doc (mirror format); `undefined` in upstream's reduced lines. */
  doc: Record<string, unknown> | undefined;
  /** `str(doc_to_target(doc))`. */
  target: string;
  /** Filtered responses, one per request, normalised to an array of strings. */
  filteredResps: string[];
  /** The prompt text. */
  input: string;
  /** Every metric key of the line (e.g. `future_acc`) with its per-doc value. */
  metrics: Record<string, unknown>;
  /** 1-based line number in the file. */
  lineNumber: number;
  /** The parsed line, unchanged; {@link writeSamplesJsonl} writes it back. */
  line: Record<string, unknown>;
}

/** Options of {@link readSamplesJsonl}. */
export interface ReadSamplesOptions {
  /**
   * Metric keys every line must have, e.g. `['future_acc']`. Default: none required beyond at least one metric
   * key per line.
   */
  readonly metrics?: readonly string[];
  /**
   * Order samples by `doc_id` (stable). lmms-eval gathers lines per rank under `accelerate`, so files are not in
   * `doc_id` order. Default: `true`.
   */
  readonly sortByDocId?: boolean;
}

function normaliseResps(value: unknown): string[] {
  if (typeof value === 'string') {
    return [value];
  }
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'string' ? v : pythonStr(v)));
  }
  return [pythonStr(value)];
}

/**
 * Reads an lmms-eval samples file (`--log_samples`): the mirror's full lines (v0.3.0: `doc_id`, `doc`, `target`,
 * `arguments`, `resps`, `filtered_resps`, hashes, metrics, `input`) and upstream's reduced lines (no `doc` /
 * `arguments`, scalar `filtered_resps`). Required keys: `doc_id`, `target`, `filtered_resps`, `input` and the
 * metric keys. Blank lines are skipped.
 *
 * @param input file text or UTF-8 bytes.
 * @throws {LmmsFormatError} naming the line of invalid JSON or a missing/ill-typed required key.
 */
export function readSamplesJsonl(input: TextInput, options: ReadSamplesOptions = {}): LmmsSample[] {
  const text = toText(input);
  const samples: LmmsSample[] = [];
  const lines = text.split('\n');
  lines.forEach((raw, i) => {
    const lineNumber = i + 1;
    if (raw.trim() === '') {
      return;
    }
    let line: unknown;
    try {
      line = JSON.parse(raw);
    } catch (cause) {
      throw new LmmsFormatError(`not valid JSON (${(cause as Error).message})`, lineNumber);
    }
    if (line === null || typeof line !== 'object' || Array.isArray(line)) {
      throw new LmmsFormatError('expected a JSON object', lineNumber);
    }
    const obj = line as Record<string, unknown>;
    for (const key of ['doc_id', 'target', 'filtered_resps', 'input', ...(options.metrics ?? [])]) {
      if (!(key in obj)) {
        throw new LmmsFormatError(`missing required key "${key}"`, lineNumber);
      }
    }
    if (!Number.isInteger(obj.doc_id)) {
      throw new LmmsFormatError('"doc_id" must be an integer', lineNumber);
    }
    if (typeof obj.input !== 'string') {
      throw new LmmsFormatError('"input" must be a string', lineNumber);
    }
    const metrics: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (!NON_METRIC_KEYS.has(k)) {
        metrics[k] = v;
      }
    }
    if (Object.keys(metrics).length === 0) {
      throw new LmmsFormatError('no metric key (e.g. "future_acc")', lineNumber);
    }
    const doc = obj.doc;
    samples.push({
      docId: obj.doc_id as number,
      doc:
        doc !== null && typeof doc === 'object' && !Array.isArray(doc)
          ? (doc as Record<string, unknown>)
          : undefined,
      target: pythonStr(obj.target),
      filteredResps: normaliseResps(obj.filtered_resps),
      input: obj.input,
      metrics,
      lineNumber,
      line: obj,
    });
  });
  if (options.sortByDocId ?? true) {
    samples.sort((a, b) => a.docId - b.docId);
  }
  return samples;
}

/**
 * The per-doc records of one metric, ready for `aggregate`, `bootstrapCI` and `compareRuns`.
 * @param metric a metric key, or a task name (`'futurebench'` → `future_acc`, `'seedbench-r1'` → `seedbench_r1_acc`).
 * @throws {LmmsFormatError} when a sample lacks the metric or its value is not an object.
 */
export function sampleRecords(samples: readonly LmmsSample[], metric: 'futurebench'): FutureAccRecord[];
export function sampleRecords(samples: readonly LmmsSample[], metric: 'seedbench-r1'): SeedBenchR1AccRecord[];
export function sampleRecords(samples: readonly LmmsSample[], metric: string): Record<string, unknown>[];
export function sampleRecords(samples: readonly LmmsSample[], metric: string): object[] {
  const key = metric === 'futurebench' || metric === 'seedbench-r1' ? METRIC_NAMES[metric] : metric;
  return samples.map((s) => {
    const value = s.metrics[key];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new LmmsFormatError(`metric "${key}" is missing or not an object`, s.lineNumber);
    }
    return value as Record<string, unknown>;
  });
}

/**
 * Writes samples lines as lmms-eval does: one `json.dumps(line, ensure_ascii=False)` per line (`", "` / `": "`
 * separators), each followed by `\n`, keys in the objects' order. Reading a file and writing
 * `samples.map(s => s.line)` (with `sortByDocId: false`) reproduces the file byte for byte, provided its numbers
 * carry no float/int ambiguity (`1.0` reads as `1`).
 */
export function writeSamplesJsonl(lines: readonly Record<string, unknown>[]): string {
  return lines.map((line) => `${pythonJsonDumps(line)}\n`).join('');
}

/** Inputs of {@link createSampleLine}. */
export interface SampleLineInput {
  /** Index of the doc in the test split. */
  readonly docId: number;
  /** The full doc (keys containing `"image"` and audio dicts are left out of the saved copy, as lmms-eval does). */
  readonly doc: Readonly<Record<string, unknown>>;
  /** `doc_to_target(doc)`; written as `str(target)`. */
  readonly target: unknown;
  /** The prompt text (`doc_to_text`). */
  readonly prompt: string;
  /** The raw generation. */
  readonly response: string;
  /** Metrics from `process_results`, e.g. `{ future_acc: scoreSample(doc, response) }`. */
  readonly metrics: Readonly<Record<string, unknown>>;
  /**
   * Generation kwarg names for the `arguments` field. Default: the FutureBench yaml's
   * `max_new_tokens, temperature, top_p, num_beams, do_sample` (quirk: lmms-eval stores index → kwarg *name*).
   */
  readonly generationKwargNames?: readonly string[];
}

/** Generation kwarg names of the FutureBench / SEED-Bench-R1 yamls, after the backend popped `until`. */
export const DEFAULT_GENERATION_KWARG_NAMES = Object.freeze([
  'max_new_tokens',
  'temperature',
  'top_p',
  'num_beams',
  'do_sample',
]);

/**
 * Builds a samples line in the mirror's (lmms-eval v0.3.0) format and key order, with its SHA-256 hashes
 * (`doc_hash` of `json.dumps(doc, indent=2, ensure_ascii=False)`, `prompt_hash`, `target_hash` of `str(target)`),
 * so our runs can be read by any tool that reads lmms-eval samples. Async because hashing uses Web Crypto.
 */
export async function createSampleLine(input: SampleLineInput): Promise<Record<string, unknown>> {
  const savedDoc: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input.doc)) {
    if (k.includes('image')) {
      continue;
    }
    if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'array' in v) {
      continue;
    }
    savedDoc[k] = v;
  }
  const target = pythonStr(input.target);
  const args: Record<string, string> = {};
  (input.generationKwargNames ?? DEFAULT_GENERATION_KWARG_NAMES).forEach((name, i) => {
    args[String(i)] = name;
  });
  const [docHash, promptHash, targetHash] = await Promise.all([
    sha256Hex(pythonJsonDumps(input.doc, { indent: 2 })),
    sha256Hex(input.prompt),
    sha256Hex(target),
  ]);
  return {
    doc_id: input.docId,
    doc: savedDoc,
    target,
    arguments: args,
    resps: [[input.response]],
    filtered_resps: [input.response],
    doc_hash: docHash,
    prompt_hash: promptHash,
    target_hash: targetHash,
    ...input.metrics,
    input: input.prompt,
  };
}
