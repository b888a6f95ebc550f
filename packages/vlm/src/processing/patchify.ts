import type { GridThw } from './vision-index.js';

/** OpenAI CLIP normalisation used by the Qwen2-VL / Qwen2.5-VL processors. */
export const CLIP_MEAN: readonly [number, number, number] = [0.48145466, 0.4578275, 0.40821073];
/** OpenAI CLIP standard deviations. */
export const CLIP_STD: readonly [number, number, number] = [0.26862954, 0.26130258, 0.27577711];

/** One decoded frame: 8-bit RGB or RGBA pixels, rows top to bottom. */
export interface RgbFrame {
  width: number;
  height: number;
  /** `height·width·channels` bytes, interleaved (HWC). */
  data: Uint8Array | Uint8ClampedArray;
  /** 3 (RGB) or 4 (RGBA; alpha ignored). Default: inferred from `data.length`. */
  channels?: 3 | 4;
}

/** Patch geometry and normalisation of a processor. */
export interface PatchifyOptions {
  patchSize: number;
  temporalPatchSize: number;
  mergeSize: number;
  mean?: readonly [number, number, number];
  std?: readonly [number, number, number];
  /**
   * Float32 op order: `'video'` = HF Qwen2VLVideoProcessor (fused `(x − mean·255) / (std·255)`), `'image'` =
   * Qwen2VLImageProcessor (`x·(1/255)` in float64, then `(x − mean) / std` in float32). They differ by ≤ 2.4e-7.
   */
  path: 'video' | 'image';
}

/** Output of {@link patchify}: `t·h·w` rows of `3·tp·p·p` values, and the grid. */
export interface Patches {
  pixelValues: Float32Array;
  gridThw: GridThw;
}

function channelsOf(f: RgbFrame): number {
  return f.channels ?? (f.data.length === f.width * f.height * 4 ? 4 : 3);
}

/**
 * Normalizes and flattens frames (all the same size, sides multiples of `patchSize·mergeSize`) into the processor
 * layout: the last frame is repeated up to a multiple of `temporalPatchSize`; rows ordered (t, h-block, w-block,
 * h-in-block, w-in-block) with merge blocks contiguous; columns ordered (channel, frame, y, x) like the Conv3d kernel.
 */
export function patchify(frames: readonly RgbFrame[], options: PatchifyOptions): Patches {
  const first = frames[0];
  if (!first) {
    throw new TypeError('`frames` must contain at least one frame.');
  }
  const { patchSize: p, temporalPatchSize: tp, mergeSize: m } = options;
  const H = first.height;
  const W = first.width;
  if (H % (p * m) !== 0 || W % (p * m) !== 0) {
    throw new TypeError(`Frame size ${W}x${H} must be a multiple of ${p * m} on both sides (resize first).`);
  }
  for (const f of frames) {
    if (f.width !== W || f.height !== H) {
      throw new TypeError(`All frames must have the same size; got ${f.width}x${f.height} and ${W}x${H}.`);
    }
  }
  const mean = options.mean ?? CLIP_MEAN;
  const std = options.std ?? CLIP_STD;
  const f = Math.fround;
  // Per-channel lookup tables from the 256 byte values, in the exact float32 op order of each HF path.
  const lut = [0, 1, 2].map((c) => {
    const t = new Float32Array(256);
    const mc = mean[c] as number;
    const sc = std[c] as number;
    for (let v = 0; v < 256; v++) {
      if (options.path === 'video') {
        t[v] = f(f(v - f(f(mc) * 255)) / f(f(sc) * 255));
      } else {
        t[v] = f(f(f(v * (1 / 255)) - f(mc)) / f(sc));
      }
    }
    return t;
  });
  const T = Math.ceil(frames.length / tp) * tp;
  const gt = T / tp;
  const gh = H / p;
  const gw = W / p;
  const cols = 3 * tp * p * p;
  const out = new Float32Array(gt * gh * gw * cols);
  let row = 0;
  for (let t = 0; t < gt; t++) {
    for (let bh = 0; bh < gh / m; bh++) {
      for (let bw = 0; bw < gw / m; bw++) {
        for (let ih = 0; ih < m; ih++) {
          for (let iw = 0; iw < m; iw++) {
            const py = (bh * m + ih) * p;
            const px = (bw * m + iw) * p;
            let col = row * cols;
            for (let c = 0; c < 3; c++) {
              const table = lut[c] as Float32Array;
              for (let ft = 0; ft < tp; ft++) {
                const frame = frames[Math.min(t * tp + ft, frames.length - 1)] as RgbFrame;
                const ch = channelsOf(frame);
                const data = frame.data;
                for (let y = 0; y < p; y++) {
                  const base = ((py + y) * W + px) * ch + c;
                  for (let x = 0; x < p; x++) {
                    out[col++] = table[data[base + x * ch] as number] as number;
                  }
                }
              }
            }
            row++;
          }
        }
      }
    }
  }
  return { pixelValues: out, gridThw: [gt, gh, gw] };
}
