import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';

describe('closeness', () => {
  it('accepts errors within abs + rel * |expected|', () => {
    // 1000 * 1e-3 = 1 allowed from rel, + 0.5 abs = 1.5
    expect(closeness([1001.4], [1000], { abs: 0.5, rel: 1e-3 }).ok).toBe(true);
    expect(closeness([1001.6], [1000], { abs: 0.5, rel: 1e-3 }).ok).toBe(false);
  });

  it('treats NaN as equal to NaN but not to a number', () => {
    expect(closeness([NaN, 1], [NaN, 1], { abs: 0, rel: 0 }).ok).toBe(true);
    expect(closeness([NaN], [0], { abs: 1, rel: 0 }).ok).toBe(false);
    expect(closeness([0], [NaN], { abs: 1, rel: 0 }).ok).toBe(false);
  });

  it('reports the first bad element, the count and the length mismatch', () => {
    const r = closeness([0, 5, 0, 7], [0, 0, 0, 0], { abs: 1, rel: 0 });
    expect(r).toMatchObject({ ok: false, mismatches: 2, firstBad: 1, maxAbsError: 7 });
    expect(r.message).toContain('[1]: 5 vs expected 0');
    expect(closeness([1, 2], [1], { abs: 1, rel: 1 }).message).toBe('length 2 != expected 1');
  });
});
