/**
 * CPU reference of the Qwen2-VL patch embedding as a true Conv3d: video `[C, T, H, W]` (float), weight
 * `[Cout, C, kt, kh, kw]`, stride = kernel, no padding, optional bias. Returns `[Cout, T/kt, H/kh, W/kw]`.
 */
export function conv3dReference(
  video: ArrayLike<number>,
  dims: { C: number; T: number; H: number; W: number },
  weight: ArrayLike<number>,
  kernel: { Cout: number; kt: number; kh: number; kw: number },
  bias?: ArrayLike<number>,
): Float32Array {
  const { C, T, H, W } = dims;
  const { Cout, kt, kh, kw } = kernel;
  const To = T / kt;
  const Ho = H / kh;
  const Wo = W / kw;
  const out = new Float32Array(Cout * To * Ho * Wo);
  for (let o = 0; o < Cout; o++) {
    for (let t = 0; t < To; t++) {
      for (let y = 0; y < Ho; y++) {
        for (let x = 0; x < Wo; x++) {
          let acc = bias ? (bias[o] as number) : 0;
          for (let c = 0; c < C; c++) {
            for (let a = 0; a < kt; a++) {
              for (let b = 0; b < kh; b++) {
                for (let d = 0; d < kw; d++) {
                  const vi = ((c * T + t * kt + a) * H + y * kh + b) * W + x * kw + d;
                  const wi = (((o * C + c) * kt + a) * kh + b) * kw + d;
                  acc += (video[vi] as number) * (weight[wi] as number);
                }
              }
            }
          }
          out[((o * To + t) * Ho + y) * Wo + x] = acc;
        }
      }
    }
  }
  return out;
}
