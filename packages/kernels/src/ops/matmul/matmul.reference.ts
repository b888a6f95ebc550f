/** Shapes of a (batched) matrix product. */
export interface MatmulShape {
  /** Number of independent products (1 for plain 2-D). */
  batch: number;
  /** Rows of A and of the output. */
  M: number;
  /** Columns of the output. */
  N: number;
  /** The contracted dimension. */
  K: number;
  /** B is `[N, K]` (Linear weight layout) instead of `[K, N]`. */
  transposeB: boolean;
  /** B has a batch dimension; when false one B is shared by every batch. */
  batchedB: boolean;
}

/**
 * CPU reference: `out[b, m, n] = sum_k a[b, m, k] * B(k, n) + bias[n]`, accumulated in float64, rounded to f32.
 */
export function matmulReference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  s: MatmulShape,
  bias?: ArrayLike<number>,
): Float32Array {
  const { batch, M, N, K, transposeB, batchedB } = s;
  const out = new Float32Array(batch * M * N);
  for (let t = 0; t < batch; t++) {
    const ao = t * M * K;
    const bo = batchedB ? t * K * N : 0;
    for (let m = 0; m < M; m++) {
      for (let n = 0; n < N; n++) {
        let acc = 0;
        for (let k = 0; k < K; k++) {
          const bv = transposeB ? b[bo + n * K + k] : b[bo + k * N + n];
          acc += (a[ao + m * K + k] as number) * (bv as number);
        }
        out[t * M * N + m * N + n] = acc + (bias ? (bias[n] as number) : 0);
      }
    }
  }
  return out;
}
