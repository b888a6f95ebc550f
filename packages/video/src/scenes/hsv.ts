/**
 * OpenCV's 8-bit `cvtColor(..., COLOR_RGB2HSV)` (integer path, `modules/imgproc/src/color_hsv.simd.hpp`):
 * H in [0, 180) (degrees / 2), S and V in [0, 255], with the same fixed-point division tables and rounding.
 */

const HSV_SHIFT = 12;
const SDIV = new Int32Array(256);
const HDIV180 = new Int32Array(256);
for (let i = 1; i < 256; i++) {
  SDIV[i] = Math.round((255 << HSV_SHIFT) / i);
  HDIV180[i] = Math.round((180 << HSV_SHIFT) / (6 * i));
}

/** Converts packed RGBA (`stride` 4) or RGB (`stride` 3) pixels to three planes H, S, V. */
export function rgbToHsvPlanes(
  src: Uint8Array,
  pixels: number,
  stride: 3 | 4,
): { h: Uint8Array; s: Uint8Array; v: Uint8Array } {
  const h = new Uint8Array(pixels);
  const s = new Uint8Array(pixels);
  const v = new Uint8Array(pixels);
  const half = 1 << (HSV_SHIFT - 1);
  for (let p = 0; p < pixels; p++) {
    const r = src[p * stride] ?? 0;
    const g = src[p * stride + 1] ?? 0;
    const b = src[p * stride + 2] ?? 0;
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const diff = max - min;
    let hue: number;
    if (max === r) {
      hue = g - b;
    } else if (max === g) {
      hue = b - r + 2 * diff;
    } else {
      hue = r - g + 4 * diff;
    }
    hue = (hue * (HDIV180[diff] ?? 0) + half) >> HSV_SHIFT;
    if (hue < 0) {
      hue += 180;
    }
    h[p] = hue;
    s[p] = (diff * (SDIV[max] ?? 0) + half) >> HSV_SHIFT;
    v[p] = max;
  }
  return { h, s, v };
}
