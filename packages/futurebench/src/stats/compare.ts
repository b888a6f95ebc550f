import { RunPairingError } from '../errors.js';
import { pythonStr } from '../python/format.js';
import { mcnemarExactPValue } from './mcnemar.js';
import { checkResampling, type ResamplingOptions } from './options.js';
import { quantileSorted } from './quantile.js';
import { createIndexSampler, type IndexSampler } from './rng.js';

/** A scored record as `compareRuns` reads it (`FutureAccRecord` or `SeedBenchR1AccRecord`). */
export interface ComparableRecord {
  /** Pairing key: the doc id. */
  readonly video_id: string;
  /** Optional grouping (FutureBench hop); taken from run A. */
  readonly question_type?: string;
  /** Extracted letter. */
  readonly pred_answer: string;
  /** Upper-cased correct letter. */
  readonly answer: string;
}

/** Accuracy change between two runs on one group of paired questions (percent points). */
export interface RunDelta {
  /** Paired questions in the group. */
  n: number;
  /** Accuracy of run A on them (percent). */
  a: number;
  /** Accuracy of run B on them (percent). */
  b: number;
  /** `b - a` in percent points. */
  delta: number;
  /** Paired percentile-bootstrap interval of `delta`. */
  lower: number;
  /** Upper end of that interval. */
  upper: number;
  /**
   * Paired-bootstrap two-sided p-value for "no difference", by the shifted-null method:
   * `(1 + #{|δ* − δ| ≥ |δ|}) / (iterations + 1)`.
   */
  pBootstrap: number;
  /** Questions A got wrong and B right. */
  gained: number;
  /** Questions A got right and B wrong. */
  lost: number;
  /** Exact McNemar p-value from `gained` / `lost`. */
  pMcNemar: number;
}

/** A question whose correctness differs between the runs. */
export interface FlippedQuestion {
  /** The doc id. */
  video_id: string;
  /** Its question type in run A (`undefined` for SEED-Bench-R1). */
  question_type: string | undefined;
  /** The correct letter (run A's record). */
  answer: string;
  /** Run A's extracted letter. */
  a: string;
  /** Run B's extracted letter. */
  b: string;
  /** `'gained'`: B fixed it; `'lost'`: B broke it. */
  change: 'gained' | 'lost';
}

/** What {@link compareRuns} returns. */
export interface RunComparison {
  /** All paired questions. */
  overall: RunDelta;
  /** One entry per question type present in run A (hop order first, then others by first appearance). */
  byType: Record<string, RunDelta>;
  /** Questions answered correctly by exactly one run, in run A's order. */
  flipped: FlippedQuestion[];
  /** Ids only run A has (not compared). */
  onlyInA: string[];
  /** Ids only run B has (not compared). */
  onlyInB: string[];
  /** Resampling settings used. */
  iterations: number;
  /** Seed used. */
  seed: number;
  /** Confidence level used. */
  confidence: number;
}

function index(run: readonly ComparableRecord[], name: string): Map<string, ComparableRecord> {
  if (!Array.isArray(run)) {
    throw new TypeError(`${name} must be an array of scored records.`);
  }
  const map = new Map<string, ComparableRecord>();
  run.forEach((r: ComparableRecord, i) => {
    if (r === null || typeof r !== 'object' || !('video_id' in r)) {
      throw new TypeError(`${name}[${i}].video_id is missing.`);
    }
    const id = pythonStr(r.video_id);
    if (map.has(id)) {
      throw new RunPairingError(`${name}[${i}]: video_id ${JSON.stringify(id)} appears more than once.`);
    }
    map.set(id, r);
  });
  return map;
}

function delta(
  pairs: readonly (readonly [boolean, boolean])[],
  iterations: number,
  confidence: number,
  draw: IndexSampler,
): RunDelta {
  const n = pairs.length;
  let a = 0;
  let b = 0;
  let gained = 0;
  let lost = 0;
  const diff = new Int8Array(n);
  pairs.forEach(([ca, cb], i) => {
    a += ca ? 1 : 0;
    b += cb ? 1 : 0;
    if (ca !== cb) {
      if (cb) {
        gained++;
      } else {
        lost++;
      }
    }
    diff[i] = (cb ? 1 : 0) - (ca ? 1 : 0);
  });
  const pa = n > 0 ? (100 * a) / n : Number.NaN;
  const pb = n > 0 ? (100 * b) / n : Number.NaN;
  const d = pb - pa;
  let lower = Number.NaN;
  let upper = Number.NaN;
  let pBootstrap = Number.NaN;
  if (n > 0) {
    const stats = new Float64Array(iterations);
    let extreme = 0;
    for (let it = 0; it < iterations; it++) {
      let s = 0;
      for (let j = 0; j < n; j++) {
        s += diff[draw(n)] ?? 0;
      }
      const v = (100 * s) / n;
      stats[it] = v;
      // Integer comparison of |s - n·δ/100| ≥ |n·δ/100| avoids float ties: n·δ/100 = b - a.
      if (Math.abs(s - (b - a)) >= Math.abs(b - a)) {
        extreme++;
      }
    }
    stats.sort();
    const alpha = 1 - confidence;
    lower = quantileSorted(stats, alpha / 2);
    upper = quantileSorted(stats, 1 - alpha / 2);
    pBootstrap = (1 + extreme) / (iterations + 1);
  }
  return {
    n,
    a: pa,
    b: pb,
    delta: d,
    lower,
    upper,
    pBootstrap,
    gained,
    lost,
    pMcNemar: mcnemarExactPValue(gained, lost),
  };
}

/**
 * Compares two scored runs of the same benchmark question by question (paired on `video_id`): accuracy deltas
 * overall and per question type, paired-bootstrap intervals and p-values (seeded, reproducible), exact McNemar
 * p-values, and the list of flipped questions. Records present in only one run are reported, not compared.
 *
 * @param a baseline run (e.g. `samples.map(s => s.metric)` of an lmms-eval samples file, or `scoreSample` output).
 * @param b candidate run.
 * @throws {RunPairingError} when a run holds the same `video_id` twice.
 * @throws {TypeError} for invalid options or records without `video_id`.
 */
export function compareRuns(
  a: readonly ComparableRecord[],
  b: readonly ComparableRecord[],
  options: ResamplingOptions,
): RunComparison {
  const { iterations, seed, confidence } = checkResampling(options);
  const ia = index(a, 'a');
  const ib = index(b, 'b');
  const draw = createIndexSampler(seed);
  const all: (readonly [boolean, boolean])[] = [];
  const groups = new Map<string, (readonly [boolean, boolean])[]>();
  for (const t of ['hop1', 'hop2', 'hop3', 'hop5']) {
    groups.set(t, []);
  }
  const flipped: FlippedQuestion[] = [];
  const onlyInA: string[] = [];
  for (const [id, ra] of ia) {
    const rb = ib.get(id);
    if (rb === undefined) {
      onlyInA.push(id);
      continue;
    }
    const ca = ra.pred_answer === ra.answer;
    const cb = rb.pred_answer === rb.answer;
    const pair = [ca, cb] as const;
    all.push(pair);
    const qt = ra.question_type;
    if (qt !== undefined) {
      const key = pythonStr(qt);
      const list = groups.get(key) ?? [];
      list.push(pair);
      groups.set(key, list);
    }
    if (ca !== cb) {
      flipped.push({
        video_id: id,
        question_type: qt,
        answer: ra.answer,
        a: ra.pred_answer,
        b: rb.pred_answer,
        change: cb ? 'gained' : 'lost',
      });
    }
  }
  const onlyInB = [...ib.keys()].filter((id) => !ia.has(id));
  const overall = delta(all, iterations, confidence, draw);
  const byType: Record<string, RunDelta> = {};
  for (const [t, pairs] of groups) {
    if (pairs.length > 0) {
      byType[t] = delta(pairs, iterations, confidence, draw);
    }
  }
  return { overall, byType, flipped, onlyInA, onlyInB, iterations, seed, confidence };
}
