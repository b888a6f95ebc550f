import type { AggregateResult } from '../aggregate.js';
import { LmmsFormatError } from '../errors.js';
import { PythonFloat, pythonJsonDumps } from '../python/json.js';
import { parseJsonPreservingFloats } from '../python/parse-json.js';
import { toText, type TextInput } from './text.js';

/** An lmms-eval `*_results.json`: `results` is required; every other top-level key is kept as read. */
export interface LmmsResults {
  /** Per task: `alias` and `"<metric>,<filter>"` values (e.g. `"future_acc,none": 41.25`). */
  results: Record<string, Record<string, unknown>>;
  /** Other top-level keys (`configs`, `config`, `n-samples`, `date`, …), unchanged. */
  [key: string]: unknown;
}

/** Options of {@link readResultsJson}. */
export interface ReadResultsOptions {
  /**
   * Return float literals (`41.25`, `0.0`) as `PythonFloat` so that {@link writeResultsJson} reproduces the file
   * byte for byte. Default: `false` (plain numbers; `0.0` reads as `0`).
   */
  readonly preserveFloats?: boolean;
}

/**
 * Reads an lmms-eval results file (mirror v0.3.0 or upstream). Only `results` (an object of objects) is
 * required; the rest of the file is returned as is.
 * @throws {LmmsFormatError} for invalid JSON or a missing/ill-typed `results`.
 */
export function readResultsJson(input: TextInput, options: ReadResultsOptions = {}): LmmsResults {
  let value: unknown;
  try {
    const text = toText(input);
    value = options.preserveFloats === true ? parseJsonPreservingFloats(text) : JSON.parse(text);
  } catch (cause) {
    throw new LmmsFormatError(`results file is not valid JSON (${(cause as Error).message})`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LmmsFormatError('results file: expected a JSON object');
  }
  const results = (value as Record<string, unknown>).results;
  if (results === null || typeof results !== 'object' || Array.isArray(results)) {
    throw new LmmsFormatError('results file: missing "results" object');
  }
  for (const [task, entry] of Object.entries(results)) {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      throw new LmmsFormatError(`results file: results.${task} must be an object`);
    }
  }
  return value as LmmsResults;
}

/**
 * A metric value from a results file: `results[task]["<metric>,<filter>"]`, e.g.
 * `getResultMetric(r, 'futurebench', 'future_acc')`. `undefined` when absent.
 */
export function getResultMetric(
  results: LmmsResults,
  task: string,
  metric: string,
  filter = 'none',
): number | string | undefined {
  const v = results.results[task]?.[`${metric},${filter}`];
  if (v instanceof PythonFloat) {
    return v.value;
  }
  return typeof v === 'number' || typeof v === 'string' ? v : undefined;
}

/** Inputs of {@link createResultsJson}. */
export interface ResultsJsonInput {
  /** lmms-eval task name, e.g. `'futurebench'` or `'seedbench_r1_l1'`. */
  readonly task: string;
  /** Metric name, e.g. `'future_acc'`. */
  readonly metric: string;
  /** The aggregation of the run's records. */
  readonly aggregate: AggregateResult;
  /** `model` of the `config` block, e.g. `'nextevent-webgpu'`. */
  readonly model: string;
  /** `model_args` string. Default: `''`. */
  readonly modelArgs?: string;
  /** `date` (`YYYYMMDD_HHMMSS`). */
  readonly date: string;
  /** Generation kwargs of the task config. Default: the yaml's direct-answer settings plus `until: ["\n\n"]`. */
  readonly generationKwargs?: Readonly<Record<string, unknown>>;
  /** Extra top-level keys appended after the standard ones (e.g. our per-type accuracies or CIs). */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/**
 * Builds a results object in the mirror's key order (interop.md §3.2) for one task, holding the exact reference
 * aggregate (written as a Python float, `0` for an empty run) and `"N/A"` stderr like lmms-eval's custom
 * aggregations. Fields we cannot know (function reprs, hashes, timings) are omitted.
 */
export function createResultsJson(input: ResultsJsonInput): LmmsResults {
  const { task, metric, aggregate } = input;
  const value = aggregate.counts.total > 0 ? new PythonFloat(aggregate.overall) : 0;
  return {
    results: { [task]: { alias: task, [`${metric},none`]: value, [`${metric}_stderr,none`]: 'N/A' } },
    group_subtasks: { [task]: [] },
    configs: {
      [task]: {
        task,
        output_type: 'generate_until',
        generation_kwargs: input.generationKwargs ?? {
          max_new_tokens: 16,
          temperature: new PythonFloat(0),
          top_p: new PythonFloat(1),
          num_beams: 1,
          do_sample: false,
          until: ['\n\n'],
        },
        metric_list: [{ metric, higher_is_better: true }],
      },
    },
    versions: { [task]: 'Yaml' },
    'n-shot': { [task]: 0 },
    higher_is_better: { [task]: { [metric]: true } },
    'n-samples': { [task]: { original: aggregate.counts.total, effective: aggregate.counts.total } },
    config: { model: input.model, model_args: input.modelArgs ?? '' },
    date: input.date,
    ...input.extra,
  };
}

/**
 * Serialises a results object as lmms-eval writes it: `json.dumps(results, indent=2, ensure_ascii=False)`.
 * Wrap integral floats in `PythonFloat` to get `100.0` (createResultsJson does this for the metric).
 */
export function writeResultsJson(results: LmmsResults): string {
  return pythonJsonDumps(results, { indent: 2 });
}
