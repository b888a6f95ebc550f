/** Absolute + relative tolerance: |a - e| <= abs + rel * |e|. NaN equals NaN. */
export interface Tolerance {
  abs: number;
  rel: number;
}

/** Result of comparing two arrays element-wise. */
export interface Closeness {
  ok: boolean;
  /** Number of elements outside tolerance. */
  mismatches: number;
  maxAbsError: number;
  /** Index of the first mismatch, or -1. */
  firstBad: number;
  message: string;
}

/**
 * Compares `actual` with `expected` element by element with an explicit tolerance, returning a readable report
 * (used as `expect(closeness(a, e, tol).message).toBe('ok')` so a failure prints the first bad element).
 */
export function closeness(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance): Closeness {
  if (actual.length !== expected.length) {
    return {
      ok: false,
      mismatches: Math.abs(actual.length - expected.length),
      maxAbsError: Infinity,
      firstBad: Math.min(actual.length, expected.length),
      message: `length ${actual.length} != expected ${expected.length}`,
    };
  }
  let mismatches = 0;
  let maxAbsError = 0;
  let firstBad = -1;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(a) && Number.isNaN(e)) {
      continue;
    }
    const err = Math.abs(a - e);
    if (!(err <= tol.abs + tol.rel * Math.abs(e))) {
      mismatches++;
      if (firstBad < 0) {
        firstBad = i;
      }
    }
    if (err > maxAbsError || Number.isNaN(err)) {
      maxAbsError = err;
    }
  }
  const ok = mismatches === 0;
  const message = ok
    ? 'ok'
    : `${mismatches}/${actual.length} elements off (abs ${tol.abs}, rel ${tol.rel}); first at [${firstBad}]: ` +
      `${actual[firstBad]} vs expected ${expected[firstBad]}; max abs error ${maxAbsError}`;
  return { ok, mismatches, maxAbsError, firstBad, message };
}
