/** CPU reference of a numerically stable softmax over rows of `C`, float64 math rounded to f32. */
export function softmaxReference(x: ArrayLike<number>, C: number): Float32Array {
  const rows = x.length / C;
  const out = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    let m = -Infinity;
    for (let i = 0; i < C; i++) {
      m = Math.max(m, x[r * C + i] as number);
    }
    let s = 0;
    for (let i = 0; i < C; i++) {
      s += Math.exp((x[r * C + i] as number) - m);
    }
    for (let i = 0; i < C; i++) {
      out[r * C + i] = Math.exp((x[r * C + i] as number) - m) / s;
    }
  }
  return out;
}
