import { UnknownQuestionTypeError } from './errors.js';
import { pythonFloatRepr, pythonFormatSpace1f, pythonStr } from './python/format.js';
import { QUESTION_TYPES, isQuestionType } from './question-types.js';
import { BENCHMARK_TASKS, taskOptionError } from './tasks.js';

/** Correct and total counts of one group of records. */
export interface Counts {
  /** Records whose `pred_answer` equals `answer`. */
  correct: number;
  /** Records in the group. */
  total: number;
}

/** What {@link aggregate} returns. Percentages are 0–100. */
export interface AggregateResult {
  /**
   * Overall accuracy in percent, bit-for-bit the value the reference aggregation returns (and lmms-eval writes
   * to `*_results.json`); `0` for no records.
   */
  overall: number;
  /** Python's `repr` of the reference's return value: `'0'` (an int) for no records, else a float repr. */
  overallRepr: string;
  /**
   * FutureBench only: accuracy per question type, `hop1`, `hop2`, `hop3`, `hop5` in that order, computed as the
   * reference computes the values it only logs (`0` for a type without records). Empty for SEED-Bench-R1.
   */
  byType: Record<string, number>;
  /** Overall and (FutureBench) per-type counts. */
  counts: Counts & { byType: Record<string, Counts> };
}

/** Options of {@link aggregate}. */
export interface AggregateOptions {
  /** `'futurebench'` (default) needs `question_type` on every record; `'seedbench-r1'` ignores it. */
  readonly task?: 'futurebench' | 'seedbench-r1';
}

function need(record: unknown, key: string, index: number): unknown {
  if (record === null || typeof record !== 'object' || !(key in record)) {
    throw new TypeError(`records[${index}].${key} is missing (the reference raises KeyError).`);
  }
  return (record as Record<string, unknown>)[key];
}

const percent = (correct: number, total: number): number => (total > 0 ? (100 * correct) / total : 0);

/**
 * Aggregates scored records (`future_acc` / `seedbench_r1_acc` values, e.g. from {@link scoreSample} or an
 * lmms-eval samples file) exactly like `future_pred_aggregate_results` / `seedbench_r1_aggregate_results`.
 *
 * Reference behaviour reproduced on purpose:
 * - The FutureBench total counts every record twice (once per type, once under "overall"); the percentage is
 *   computed from those doubled sums, which gives the same float.
 * - Correct means `pred_answer === answer`, case-sensitive.
 * - An empty list gives `0` (an int in Python, see `overallRepr`).
 * - FutureBench: a `question_type` outside `hop1|hop2|hop3|hop5` (including `"overall"`, `"HOP1"`, `null`) fails
 *   the whole aggregation, like the reference's `KeyError`.
 *
 * @throws {UnknownQuestionTypeError} for an unknown question type (FutureBench).
 * @throws {TypeError} when a record lacks `question_type` (FutureBench), `pred_answer` or `answer`.
 */
export function aggregate(records: readonly unknown[], options: AggregateOptions = {}): AggregateResult {
  const task = options.task ?? 'futurebench';
  if (!Array.isArray(records)) {
    throw new TypeError('records must be an array of scored records.');
  }
  const perType: Record<string, Counts> = {};
  let correct = 0;
  if (task === 'futurebench') {
    for (const t of QUESTION_TYPES) {
      perType[t] = { correct: 0, total: 0 };
    }
  } else if (task !== 'seedbench-r1') {
    throw taskOptionError(BENCHMARK_TASKS);
  }
  records.forEach((record: unknown, index) => {
    let group: Counts | undefined;
    if (task === 'futurebench') {
      const qt = need(record, 'question_type', index);
      if (!isQuestionType(qt)) {
        throw new UnknownQuestionTypeError(pythonStr(qt), index);
      }
      group = perType[qt];
    }
    const ok = need(record, 'pred_answer', index) === need(record, 'answer', index);
    if (group) {
      group.total++;
      group.correct += ok ? 1 : 0;
    }
    correct += ok ? 1 : 0;
  });
  const total = records.length;
  // FutureBench sums the per-type entries and the "overall" entry, i.e. everything twice.
  const factor = task === 'futurebench' ? 2 : 1;
  const overall = percent(correct * factor, total * factor);
  const byType: Record<string, number> = {};
  for (const [t, c] of Object.entries(perType)) {
    byType[t] = percent(c.correct, c.total);
  }
  return {
    overall,
    overallRepr: total > 0 ? pythonFloatRepr(overall) : '0',
    byType,
    counts: { correct, total, byType: perType },
  };
}

/**
 * The messages the reference aggregation logs (loguru `info`), formatted with Python's `{: .1f}` (a leading
 * space, round-half-even on the exact binary value: 6.25 → `" 6.2"`):
 * `Evaluation on question types: hop1:  41.2%` per type (FutureBench only), then `Overall Performance:  43.8%`.
 */
export function formatAggregateLog(result: AggregateResult): string[] {
  const lines = Object.entries(result.byType).map(
    ([t, pct]) => `Evaluation on question types: ${t}: ${pythonFormatSpace1f(pct)}%`,
  );
  lines.push(`Overall Performance: ${pythonFormatSpace1f(result.overall)}%`);
  return lines;
}
