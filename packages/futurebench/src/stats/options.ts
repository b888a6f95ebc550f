/** Options shared by the resampling statistics. */
export interface ResamplingOptions {
  /** Number of bootstrap resamples (a positive integer; 10 000 is a good default for reporting). */
  readonly iterations: number;
  /** Seed of the xoroshiro128+ generator; the same seed reproduces the same interval. */
  readonly seed: number;
  /** Two-sided confidence level in (0, 1). Default: `0.95`. */
  readonly confidence?: number;
}

/** Validates {@link ResamplingOptions} and fills the default confidence. */
export function checkResampling(options: ResamplingOptions): Required<ResamplingOptions> {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('options must be an object with iterations and seed.');
  }
  const { iterations, seed, confidence = 0.95 } = options;
  if (!Number.isSafeInteger(iterations) || iterations < 1) {
    throw new TypeError('options.iterations must be a positive integer.');
  }
  if (!Number.isSafeInteger(seed)) {
    throw new TypeError('options.seed must be a safe integer.');
  }
  if (typeof confidence !== 'number' || !(confidence > 0 && confidence < 1)) {
    throw new TypeError('options.confidence, when provided, must be a number between 0 and 1 (exclusive).');
  }
  return { iterations, seed, confidence };
}
