/** CLIP normalisation used by Qwen2-VL / Qwen2.5-VL. */
export const QWEN2_VL_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
/** CLIP normalisation used by Qwen2-VL / Qwen2.5-VL. */
export const QWEN2_VL_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/** Geometry and normalisation of the preprocessing. */
export interface PreprocessParams {
  /** Input frame size. */
  inWidth: number;
  inHeight: number;
  /** Output size (multiples of 28, e.g. from smart_resize). */
  outWidth: number;
  outHeight: number;
  /** Default 1/255. */
  rescale?: number;
  /** Default {@link QWEN2_VL_MEAN}. */
  mean?: readonly number[];
  /** Default {@link QWEN2_VL_STD}. */
  std?: readonly number[];
}

function cubic(xIn: number): number {
  const a = -0.5;
  const x = Math.abs(xIn);
  if (x < 1) {
    return ((a + 2) * x - (a + 3)) * x * x + 1;
  }
  if (x < 2) {
    return (((x - 5) * x + 8) * x - 4) * a;
  }
  return 0;
}

function coeffs(inSize: number, outSize: number): { lo: number; w: number[] }[] {
  const scale = inSize / outSize;
  const fs = Math.max(scale, 1);
  const support = 2 * fs;
  const out: { lo: number; w: number[] }[] = [];
  for (let o = 0; o < outSize; o++) {
    const center = (o + 0.5) * scale;
    const lo = Math.max(Math.floor(center - support + 0.5), 0);
    const hi = Math.min(Math.floor(center + support + 0.5), inSize);
    const w: number[] = [];
    let sum = 0;
    for (let k = lo; k < hi; k++) {
      const v = cubic((k - center + 0.5) / fs);
      w.push(v);
      sum += v;
    }
    out.push({ lo, w: w.map((v) => v / sum) });
  }
  return out;
}

/**
 * Bicubic resize (a = -0.5, PIL-style antialias, float math) of one RGBA8 frame to RGB floats rounded and
 * clamped to [0, 255] (`[outH, outW, 3]`). Equal sizes copy the pixels.
 */
export function resizeReference(rgba: Uint8Array | Uint8ClampedArray, p: PreprocessParams): Float32Array {
  const { inWidth: iw, inHeight: ih, outWidth: ow, outHeight: oh } = p;
  const out = new Float32Array(oh * ow * 3);
  if (iw === ow && ih === oh) {
    for (let i = 0; i < oh * ow; i++) {
      for (let c = 0; c < 3; c++) {
        out[i * 3 + c] = rgba[i * 4 + c] as number;
      }
    }
    return out;
  }
  const cx = coeffs(iw, ow);
  const cy = coeffs(ih, oh);
  for (let y = 0; y < oh; y++) {
    const ky = cy[y] as { lo: number; w: number[] };
    for (let x = 0; x < ow; x++) {
      const kx = cx[x] as { lo: number; w: number[] };
      for (let c = 0; c < 3; c++) {
        let acc = 0;
        ky.w.forEach((wy, j) => {
          let row = 0;
          kx.w.forEach((wx, i) => {
            row += wx * (rgba[((ky.lo + j) * iw + kx.lo + i) * 4 + c] as number);
          });
          acc += wy * row;
        });
        out[(y * ow + x) * 3 + c] = Math.min(255, Math.max(0, Math.round(acc)));
      }
    }
  }
  return out;
}

/**
 * CPU reference of the whole preprocessing: resize each RGBA8 frame, pad to an even count by repeating the last
 * frame (a single image becomes two identical frames), rescale, normalise, and patchify to
 * `[gridT * gridH * gridW, 1176]` in the HF order. Returns the patches and `gridThw`.
 */
export function preprocessReference(
  frames: readonly (Uint8Array | Uint8ClampedArray)[],
  p: PreprocessParams,
): { patches: Float32Array; gridThw: [number, number, number] } {
  const { outWidth: ow, outHeight: oh } = p;
  const rescale = p.rescale ?? 1 / 255;
  const mean = p.mean ?? QWEN2_VL_MEAN;
  const std = p.std ?? QWEN2_VL_STD;
  const resized = frames.map((f) => resizeReference(f, p));
  while (resized.length % 2 !== 0 || resized.length === 0) {
    resized.push(resized[resized.length - 1] as Float32Array);
  }
  const gt = resized.length / 2;
  const gh = oh / 14;
  const gw = ow / 14;
  const patches = new Float32Array(gt * gh * gw * 1176);
  let e = 0;
  for (let t = 0; t < gt; t++) {
    for (let hb = 0; hb < gh / 2; hb++) {
      for (let wb = 0; wb < gw / 2; wb++) {
        for (let hi = 0; hi < 2; hi++) {
          for (let wi = 0; wi < 2; wi++) {
            for (let c = 0; c < 3; c++) {
              for (let tt = 0; tt < 2; tt++) {
                const frame = resized[t * 2 + tt] as Float32Array;
                for (let py = 0; py < 14; py++) {
                  for (let px = 0; px < 14; px++) {
                    const y = (hb * 2 + hi) * 14 + py;
                    const x = (wb * 2 + wi) * 14 + px;
                    const v = Math.fround(Math.fround((frame[(y * ow + x) * 3 + c] as number) * rescale));
                    patches[e++] = Math.fround((v - (mean[c] as number)) / (std[c] as number));
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return { patches, gridThw: [gt, gh, gw] };
}
