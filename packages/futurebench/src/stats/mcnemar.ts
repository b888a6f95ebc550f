/**
 * Exact (binomial) two-sided McNemar test p-value for paired binary outcomes: under the null, the `gained`
 * and `lost` discordant pairs split as Binomial(gained + lost, 1/2); p = min(1, 2·P(X ≤ min(gained, lost))).
 * Returns `1` when there are no discordant pairs. Accurate to about 1e-12 relative for n up to 10⁴.
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
  // P(X = k) = C(n, k) / 2^n, built as a product kept near 1 by exact halvings (relative error ~ (2k + n)·2^-53,
  // far smaller than summing logs).
  let pk = 1;
  let halves = n;
  for (let i = 1; i <= k; i++) {
    pk *= (n - i + 1) / i;
    while (pk > 1 && halves > 0) {
      pk *= 0.5;
      halves--;
    }
  }
  while (halves > 0) {
    const step = Math.min(halves, 1000);
    pk *= 2 ** -step;
    halves -= step;
  }
  // Σ_{i ≤ k} P(X = i) = P(X = k) · Σ t_i with t_k = 1, t_{i-1} = t_i · i / (n - i + 1).
  let t = 1;
  let sum = 1;
  for (let i = k; i > 0; i--) {
    t *= i / (n - i + 1);
    sum += t;
  }
  return Math.min(1, 2 * pk * sum);
}
