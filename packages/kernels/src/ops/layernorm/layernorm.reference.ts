/** CPU reference of LayerNorm over rows of `H` (biased variance), float64 math rounded to f32. */
export function layerNormReference(
  x: ArrayLike<number>,
  weight: ArrayLike<number>,
  bias: ArrayLike<number> | undefined,
  H: number,
  eps = 1e-6,
): Float32Array {
  const rows = x.length / H;
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let i = 0; i < H; i++) {
      s += x[r * H + i] as number;
    }
    const mean = s / H;
    let sq = 0;
    for (let i = 0; i < H; i++) {
      const d = (x[r * H + i] as number) - mean;
      sq += d * d;
    }
    const inv = 1 / Math.sqrt(sq / H + eps);
    for (let i = 0; i < H; i++) {
      out[r * H + i] =
        ((x[r * H + i] as number) - mean) * inv * (weight[i] as number) + (bias ? (bias[i] as number) : 0);
    }
  }
  return out;
}
