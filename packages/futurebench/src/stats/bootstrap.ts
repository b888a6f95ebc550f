import { aggregate } from '../aggregate.js';
import { isCorrect } from '../score.js';
import { checkResampling, type ResamplingOptions } from './options.js';
import { quantileSorted } from './quantile.js';
import { createIndexSampler, type IndexSampler } from './rng.js';

/** A point estimate with a bootstrap percentile interval, in percent. */
export interface ConfidenceInterval {
  /** The accuracy on the given records (for `overall`, exactly `aggregate(records).overall`). */
  estimate: number;
  /** Lower end of the percentile interval. */
  lower: number;
  /** Upper end of the percentile interval. */
  upper: number;
  /** Standard deviation of the resampled accuracies. */
  standardError: number;
  /** Number of records resampled. */
  n: number;
}

/** What {@link bootstrapCI} returns. */
export interface BootstrapResult {
  /** Interval of the overall accuracy (resampling all records). */
  overall: ConfidenceInterval;
  /** FutureBench: one interval per question type (resampling within the type); empty for SEED-Bench-R1. */
  byType: Record<string, ConfidenceInterval>;
  /** The options used, defaults filled in. */
  iterations: number;
  /** Seed used. */
  seed: number;
  /** Confidence level used. */
  confidence: number;
}

/** Resamples `correct` (0/1 flags) `iterations` times; returns the sorted resampled accuracies in percent. */
export function resampleAccuracies(
  correct: Uint8Array,
  iterations: number,
  draw: IndexSampler,
): Float64Array {
  const n = correct.length;
  const out = new Float64Array(iterations);
  if (n === 0) {
    return out;
  }
  for (let it = 0; it < iterations; it++) {
    let hits = 0;
    for (let j = 0; j < n; j++) {
      hits += correct[draw(n)] ?? 0;
    }
    out[it] = (100 * hits) / n;
  }
  return out.sort();
}

/** Summarises resampled statistics (any order) as a percentile interval around `estimate`. */
export function percentileInterval(
  samples: Float64Array,
  estimate: number,
  confidence: number,
  n: number,
): ConfidenceInterval {
  if (n === 0) {
    return { estimate, lower: Number.NaN, upper: Number.NaN, standardError: Number.NaN, n };
  }
  const sorted = samples.slice().sort();
  const alpha = 1 - confidence;
  let mean = 0;
  for (const v of sorted) {
    mean += v;
  }
  mean /= sorted.length;
  let ss = 0;
  for (const v of sorted) {
    ss += (v - mean) ** 2;
  }
  return {
    estimate,
    lower: quantileSorted(sorted, alpha / 2),
    upper: quantileSorted(sorted, 1 - alpha / 2),
    standardError: sorted.length > 1 ? Math.sqrt(ss / (sorted.length - 1)) : 0,
    n,
  };
}

/**
 * Percentile-bootstrap confidence intervals of the accuracy, reproducible from `seed`
 * (pure-rand xoroshiro128+). The overall interval resamples all records with replacement; each FutureBench
 * question type is resampled within its own records (stratified), so a hop's interval is that hop's accuracy
 * uncertainty. Types without records get `NaN` bounds.
 *
 * lmms-eval reports `"N/A"` as stderr for this task (custom aggregation), so these intervals are an addition.
 *
 * @param records scored records (see `scoreSample`); validated like {@link aggregate}.
 * @throws {TypeError} for invalid options; the errors of {@link aggregate} for invalid records.
 */
export function bootstrapCI(
  records: readonly unknown[],
  options: ResamplingOptions & { readonly task?: 'futurebench' | 'seedbench-r1' },
): BootstrapResult {
  const { iterations, seed, confidence } = checkResampling(options);
  const task = options.task ?? 'futurebench';
  const agg = aggregate(records, { task });
  const draw = createIndexSampler(seed);
  const flags = Uint8Array.from(records, (r) =>
    isCorrect(r as { pred_answer: unknown; answer: unknown }) ? 1 : 0,
  );
  const overall = percentileInterval(
    resampleAccuracies(flags, iterations, draw),
    agg.overall,
    confidence,
    records.length,
  );
  const byType: Record<string, ConfidenceInterval> = {};
  for (const [type, pct] of Object.entries(agg.byType)) {
    const sub = Uint8Array.from(
      records.filter((r) => (r as { question_type: unknown }).question_type === type),
      (r) => (isCorrect(r as { pred_answer: unknown; answer: unknown }) ? 1 : 0),
    );
    byType[type] = percentileInterval(resampleAccuracies(sub, iterations, draw), pct, confidence, sub.length);
  }
  return { overall, byType, iterations, seed, confidence };
}
