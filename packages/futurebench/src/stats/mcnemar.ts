/**
 * Exact (binomial) two-sided McNemar test p-value for paired binary outcomes: under the null, the `gained`
 * and `lost` discordant pairs split as Binomial(gained + lost, 1/2); p = min(1, 2·P(X ≤ min(gained, lost))).
 * Returns `1` when there are no discordant pairs. Computed in log space, accurate to ~1e-12 relative.
 * @throws {TypeError} when a count is not a non-negative integer.
 */
export function mcnemarExactPValue(gained: number, lost: number): number {
  if (!Number.isSafeInteger(gained) || gained < 0 || !Number.isSafeInteger(lost) || lost < 0) {
    throw new TypeError('gained and lost must be non-negative integers.');
  }
  const n = gained + lost;
  const k = Math.min(gained, lost);
  if (n === 0) {
    return 1;
  }
  // log P(X = i) = log C(n, i) - n log 2, summed for i = 0..k with log-sum-exp.
  const logs: number[] = [];
  let logC = 0;
  for (let i = 0; i <= k; i++) {
    if (i > 0) {
      logC += Math.log(n - i + 1) - Math.log(i);
    }
    logs.push(logC - n * Math.LN2);
  }
  const max = Math.max(...logs);
  let sum = 0;
  for (const l of logs) {
    sum += Math.exp(l - max);
  }
  return Math.min(1, 2 * Math.exp(max) * sum);
}
