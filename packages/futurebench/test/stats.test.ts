import { describe, expect, it } from 'vitest';
import {
  RunPairingError,
  bootstrapCI,
  compareRuns,
  mcnemarExactPValue,
  type FutureAccRecord,
} from '@nextevent/futurebench';

const TYPES = ['hop1', 'hop2', 'hop3', 'hop5'] as const;

/** Deterministic records: `correct[i]` decides whether record i is right. */
function run(correct: readonly boolean[], prefix = 'q'): FutureAccRecord[] {
  return correct.map((ok, i) => ({
    video_id: `${prefix}${i}`,
    question_type: TYPES[i % 4]!,
    pred_answer: ok ? 'B' : 'C',
    answer: 'B',
  }));
}

/** Exact two-sided binomial(n, 1/2) McNemar p-value with BigInt arithmetic (independent of the float code). */
function exactMcNemar(b: number, c: number): number {
  const n = b + c;
  const k = Math.min(b, c);
  let sum = 0n;
  let coef = 1n;
  for (let i = 0; i <= k; i++) {
    if (i > 0) {
      coef = (coef * BigInt(n - i + 1)) / BigInt(i);
    }
    sum += coef;
  }
  // p = 2·sum / 2^n, computed with 60 bits of fraction.
  const scaled = (2n * sum * (1n << 60n)) / (1n << BigInt(n));
  return Math.min(1, Number(scaled) / 2 ** 60);
}

/** Binomial(n, p) quantile: the smallest k with P(X ≤ k) ≥ q (computed with logs, independently). */
function binomialQuantile(n: number, p: number, q: number): number {
  let cdf = 0;
  let logPmf = n * Math.log(1 - p);
  for (let k = 0; k <= n; k++) {
    if (k > 0) {
      logPmf += Math.log(n - k + 1) - Math.log(k) + Math.log(p) - Math.log(1 - p);
    }
    cdf += Math.exp(logPmf);
    if (cdf >= q) {
      return k;
    }
  }
  return n;
}

describe('mcnemarExactPValue', () => {
  it.each([
    [0, 0],
    [1, 0],
    [10, 1],
    [1, 10],
    [7, 7],
    [25, 12],
    [300, 250],
    [1200, 1100],
  ])('gained %i lost %i equals the exact binomial value', (b, c) => {
    const expected = exactMcNemar(b, c);
    expect(Math.abs(mcnemarExactPValue(b, c) - expected)).toBeLessThanOrEqual(
      1e-12 * Math.max(expected, 1e-300),
    );
  });

  it('known value: n = 10, k = 1 → 2·11/1024', () => {
    expect(mcnemarExactPValue(9, 1)).toBeCloseTo(22 / 1024, 15);
  });
});

describe('bootstrapCI', () => {
  const correct = Array.from({ length: 400 }, (_, i) => (i * 7919) % 10 < 6); // 60 % correct
  const records = run(correct);

  it('is reproducible from the seed and changes with it', () => {
    const a = bootstrapCI(records, { iterations: 500, seed: 42 });
    const b = bootstrapCI(records, { iterations: 500, seed: 42 });
    const c = bootstrapCI(records, { iterations: 500, seed: 43 });
    expect(a).toEqual(b);
    expect(c.overall.lower === a.overall.lower && c.overall.upper === a.overall.upper).toBe(false);
  });

  it('overall estimate is the reference aggregate and bounds match the binomial quantiles (±1 record)', () => {
    const r = bootstrapCI(records, { iterations: 4000, seed: 7 });
    expect(r.overall.estimate).toBe(60);
    const n = records.length;
    const lo = (100 * binomialQuantile(n, 0.6, 0.025)) / n;
    const hi = (100 * binomialQuantile(n, 0.6, 0.975)) / n;
    const step = 100 / n;
    expect(Math.abs(r.overall.lower - lo)).toBeLessThanOrEqual(step);
    expect(Math.abs(r.overall.upper - hi)).toBeLessThanOrEqual(step);
    // Standard error vs the binomial one, within 5 %.
    const se = 100 * Math.sqrt((0.6 * 0.4) / n);
    expect(Math.abs(r.overall.standardError - se) / se).toBeLessThan(0.05);
  });

  it('gives one interval per hop from that hop alone', () => {
    const r = bootstrapCI(records, { iterations: 300, seed: 1 });
    expect(Object.keys(r.byType)).toEqual([...TYPES]);
    for (const t of TYPES) {
      const sub = records.filter((x) => x.question_type === t);
      const ok = sub.filter((x) => x.pred_answer === x.answer).length;
      expect(r.byType[t]!.estimate).toBe((100 * ok) / sub.length);
      expect(r.byType[t]!.n).toBe(sub.length);
      expect(r.byType[t]!.lower).toBeLessThanOrEqual(r.byType[t]!.upper);
    }
  });

  it('degenerate runs: all correct → [100, 100]; a hop without records → NaN bounds', () => {
    const r = bootstrapCI(run([true, true, true, true, true]), { iterations: 50, seed: 3 });
    expect([r.overall.lower, r.overall.upper]).toEqual([100, 100]);
    const onlyHop1 = run([true, false]).map((x) => ({ ...x, question_type: 'hop1' }));
    expect(bootstrapCI(onlyHop1, { iterations: 20, seed: 3 }).byType.hop5!.lower).toBeNaN();
  });

  it('validates options', () => {
    expect(() => bootstrapCI(records, { iterations: 0, seed: 1 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.iterations must be a positive integer.]`,
    );
    expect(() => bootstrapCI(records, { iterations: 10, seed: 1.5 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.seed must be a safe integer.]`,
    );
  });
});

describe('compareRuns', () => {
  const n = 200;
  const a = run(Array.from({ length: n }, (_, i) => i % 2 === 0));
  // B fixes 30 of A's errors and breaks 10 of A's successes.
  const b = a.map((r, i) => {
    const okA = r.pred_answer === r.answer;
    let okB = okA;
    if (!okA && i < 60) {
      okB = true;
    }
    if (okA && i >= 180) {
      okB = false;
    }
    return { ...r, pred_answer: okB ? 'B' : 'D' };
  });

  it('counts deltas, flips and the exact McNemar p-value', () => {
    const cmp = compareRuns(a, b, { iterations: 2000, seed: 5 });
    expect(cmp.overall.gained).toBe(30);
    expect(cmp.overall.lost).toBe(10);
    expect(cmp.overall.a).toBe(50);
    expect(cmp.overall.b).toBe(60);
    expect(cmp.overall.delta).toBe(10);
    expect(cmp.overall.pMcNemar).toBeCloseTo(exactMcNemar(30, 10), 14);
    expect(cmp.flipped).toHaveLength(40);
    expect(cmp.flipped[0]).toEqual({
      video_id: 'q1',
      question_type: 'hop2',
      answer: 'B',
      a: 'C',
      b: 'B',
      change: 'gained',
    });
    expect(cmp.overall.lower).toBeLessThan(10);
    expect(cmp.overall.upper).toBeGreaterThan(10);
    expect(cmp.overall.lower).toBeGreaterThan(0); // 30 vs 10 discordant pairs: clearly better
    expect(cmp.overall.pBootstrap).toBeLessThan(0.01);
    // Per hop: the same counts, split by type.
    let gained = 0;
    for (const t of TYPES) {
      const d = cmp.byType[t]!;
      expect(d.n).toBe(50);
      expect(d.delta).toBe(d.b - d.a);
      expect(d.pMcNemar).toBeCloseTo(exactMcNemar(d.gained, d.lost), 14);
      gained += d.gained;
    }
    expect(gained).toBe(30);
  });

  it('identical runs: no flips, p = 1, zero-width interval', () => {
    const cmp = compareRuns(a, a, { iterations: 100, seed: 1 });
    expect(cmp.flipped).toEqual([]);
    expect(cmp.overall.pMcNemar).toBe(1);
    expect([cmp.overall.lower, cmp.overall.upper]).toEqual([0, 0]);
    expect(cmp.overall.pBootstrap).toBe(1);
  });

  it('reports unpaired ids and rejects duplicates', () => {
    const cmp = compareRuns(a.slice(0, 5), a.slice(3, 8), { iterations: 10, seed: 1 });
    expect(cmp.onlyInA).toEqual(['q0', 'q1', 'q2']);
    expect(cmp.onlyInB).toEqual(['q5', 'q6', 'q7']);
    expect(cmp.overall.n).toBe(2);
    expect(() => compareRuns([a[0]!, a[0]!], a, { iterations: 10, seed: 1 })).toThrow(RunPairingError);
  });

  it('is reproducible', () => {
    expect(compareRuns(a, b, { iterations: 300, seed: 9 })).toEqual(
      compareRuns(a, b, { iterations: 300, seed: 9 }),
    );
  });
});
