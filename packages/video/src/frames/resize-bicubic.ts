/**
 * Antialiased bicubic resize of interleaved 8-bit images, following torch's `_upsample_bicubic2d_aa` (CPU), which
 * is what `torchvision.transforms.functional.resize(uint8_tensor, size, BICUBIC, antialias=True)` runs after
 * casting to float32 — the resize qwen-vl-utils applies to video frames. Same algorithm as PIL's `Image.resize`
 * with BICUBIC (Keys cubic, a = -0.5, support widened by the scale factor when shrinking, weights normalised per
 * output pixel), separable: horizontal pass, then vertical, float32 intermediate. The result is clamped to
 * [0, 255] and rounded half to even, like torchvision's cast back to uint8.
 *
 * Arithmetic: weights and sums are rounded to float32 (`Math.fround`) at the same steps as torch's float kernel;
 * torch may still differ in the last float32 bit where the compiler fuses or vectorises (see README, "Resize").
 * Checked against Pillow's float (mode "F") resize, which computes the same in double: test/resize-pil.test.ts.
 */

const A = -0.5;
const f32 = Math.fround;

function cubic(x: number): number {
  const ax = f32(Math.abs(x));
  if (ax < 1) {
    return f32(f32(f32(f32(f32(f32(A + 2) * ax) - (A + 3)) * ax) * ax) + 1);
  }
  if (ax < 2) {
    return f32(f32(f32(f32(f32(f32(A * ax) - 5 * A) * ax) + 8 * A) * ax) - 4 * A);
  }
  return 0;
}

/** Per-output-pixel source window and normalised weights along one axis. */
interface AxisWeights {
  start: Int32Array;
  size: Int32Array;
  /** `outSize × maxSize` weights, row-major. */
  weights: Float32Array;
  maxSize: number;
}

function axisWeights(inSize: number, outSize: number): AxisWeights {
  const scale = f32(inSize / outSize);
  const support = scale >= 1 ? f32(2 * scale) : 2;
  const invscale = scale >= 1 ? f32(1 / scale) : 1;
  const maxSize = Math.ceil(support) * 2 + 1;
  const start = new Int32Array(outSize);
  const size = new Int32Array(outSize);
  const weights = new Float32Array(outSize * maxSize);
  for (let i = 0; i < outSize; i++) {
    const center = f32(scale * (i + 0.5));
    const xmin = Math.max(Math.trunc(f32(center - support) + 0.5), 0);
    // torch also clips the window to [0, maxSize] (float rounding can widen it by one).
    const xsize = Math.min(
      Math.max(Math.min(Math.trunc(f32(center + support) + 0.5), inSize) - xmin, 0),
      maxSize,
    );
    start[i] = xmin;
    size[i] = xsize;
    let total = 0;
    for (let j = 0; j < xsize; j++) {
      const w = cubic(f32((f32(j + xmin - center) + 0.5) * invscale));
      weights[i * maxSize + j] = w;
      total = f32(total + w);
    }
    if (total !== 0) {
      for (let j = 0; j < xsize; j++) {
        weights[i * maxSize + j] = f32((weights[i * maxSize + j] ?? 0) / total);
      }
    }
  }
  return { start, size, weights, maxSize };
}

/** Round half to even, then clamp to a byte. */
function toByte(v: number): number {
  const c = v < 0 ? 0 : v > 255 ? 255 : v;
  const f = Math.floor(c);
  const d = c - f;
  return d > 0.5 || (d === 0.5 && f % 2 === 1) ? f + 1 : f;
}

/**
 * The same resize before the final clamp and rounding: float32 values as torch's float kernel leaves them (outside
 * [0, 255] where the cubic overshoots). @internal — for tests against an independent float implementation.
 */
export function resizeBicubicAAFloat(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
  outChannels = channels,
  srcStride = width * channels,
): Float32Array {
  // Horizontal pass into float32 rows (skipped when the width is unchanged, as torch does).
  const tmp = new Float32Array(height * outWidth * outChannels);
  if (outWidth === width) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (let c = 0; c < outChannels; c++) {
          tmp[(y * outWidth + x) * outChannels + c] = src[y * srcStride + x * channels + c] ?? 0;
        }
      }
    }
  } else {
    const h = axisWeights(width, outWidth);
    for (let y = 0; y < height; y++) {
      const row = y * srcStride;
      for (let x = 0; x < outWidth; x++) {
        const s = h.start[x] ?? 0;
        const n = h.size[x] ?? 0;
        const wBase = x * h.maxSize;
        for (let c = 0; c < outChannels; c++) {
          let acc = 0;
          for (let j = 0; j < n; j++) {
            acc = f32(acc + f32((src[row + (s + j) * channels + c] ?? 0) * (h.weights[wBase + j] ?? 0)));
          }
          tmp[(y * outWidth + x) * outChannels + c] = acc;
        }
      }
    }
  }
  // Vertical pass (skipped when the height is unchanged).
  if (outHeight === height) {
    return tmp;
  }
  const rowLen = outWidth * outChannels;
  const out = new Float32Array(outHeight * rowLen);
  const v = axisWeights(height, outHeight);
  for (let y = 0; y < outHeight; y++) {
    const s = v.start[y] ?? 0;
    const n = v.size[y] ?? 0;
    const wBase = y * v.maxSize;
    for (let k = 0; k < rowLen; k++) {
      let acc = 0;
      for (let j = 0; j < n; j++) {
        acc = f32(acc + f32((tmp[(s + j) * rowLen + k] ?? 0) * (v.weights[wBase + j] ?? 0)));
      }
      out[y * rowLen + k] = acc;
    }
  }
  return out;
}

/**
 * Resizes an interleaved image (`channels` bytes per pixel, rows of `width·channels` bytes, or `srcStride` bytes
 * when given) to `outWidth × outHeight`, keeping the first `outChannels` channels (e.g. 4 → 3 drops alpha).
 */
export function resizeBicubicAA(
  src: Uint8Array,
  width: number,
  height: number,
  channels: number,
  outWidth: number,
  outHeight: number,
  outChannels = channels,
  srcStride = width * channels,
): Uint8Array {
  const f = resizeBicubicAAFloat(src, width, height, channels, outWidth, outHeight, outChannels, srcStride);
  const out = new Uint8Array(f.length);
  for (let i = 0; i < f.length; i++) {
    out[i] = toByte(f[i] ?? 0);
  }
  return out;
}
