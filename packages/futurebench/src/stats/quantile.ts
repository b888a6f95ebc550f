/**
 * The `p`-quantile of ascending `sorted` values with linear interpolation between order statistics
 * (NumPy's default `method='linear'`, R type 7). `NaN` for an empty input.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) {
    return Number.NaN;
  }
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (h - lo) * (b - a);
}
