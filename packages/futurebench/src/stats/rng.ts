import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Draws uniform integers in `[0, n)`; deterministic for a given seed. */
export type IndexSampler = (n: number) => number;

/**
 * A seeded sampler on pure-rand's xoroshiro128+ (same seed → same sequence on every platform).
 * @throws {TypeError} when `seed` is not a safe integer.
 */
export function createIndexSampler(seed: number): IndexSampler {
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError('options.seed must be a safe integer.');
  }
  const rng = xoroshiro128plus(seed | 0);
  return (n) => uniformInt(rng, 0, n - 1);
}
