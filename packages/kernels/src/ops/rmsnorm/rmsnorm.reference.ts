/** CPU reference of RMSNorm over rows of `H`: `x / sqrt(mean(x^2) + eps) * weight` in float64, rounded to f32. */
export function rmsNormReference(
  x: ArrayLike<number>,
  weight: ArrayLike<number>,
  H: number,
  eps = 1e-6,
): Float32Array {
  const rows = x.length / H;
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    let ss = 0;
    for (let i = 0; i < H; i++) {
      const v = x[r * H + i] as number;
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss / H + eps);
    for (let i = 0; i < H; i++) {
      out[r * H + i] = (x[r * H + i] as number) * inv * (weight[i] as number);
    }
  }
  return out;
}

/**
 * CPU reference of the fused residual form: `sum = x + residual` (optionally rounded, e.g. through f16, as the
 * residual stream stores it), `out = rmsnorm(sum) * weight`.
 */
export function rmsNormResidualReference(
  x: ArrayLike<number>,
  residual: ArrayLike<number>,
  weight: ArrayLike<number>,
  H: number,
  eps = 1e-6,
  store: (v: Float32Array) => Float32Array = (v) => v,
): { out: Float32Array; sum: Float32Array } {
  const sum = store(Float32Array.from(x, (v, i) => v + (residual[i] as number)));
  return { out: rmsNormReference(sum, weight, H, eps), sum };
}
