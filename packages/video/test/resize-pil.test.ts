import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resizeBicubicAA, resizeBicubicAAFloat } from '../src/frames/resize-bicubic.js';

// Goldens from Pillow's float ("F" mode) BICUBIC resize, per channel: double weights and sums, float32 intermediate
// (see fixtures/resize/README.md). Same filter, support, window bounds, normalisation and pass order as torch's
// `_upsample_bicubic2d_aa`, which does all of it in float32 — hence a tolerance rather than equality.

interface ResizeCase {
  name: string;
  width: number;
  height: number;
  outWidth: number;
  outHeight: number;
  seed: number;
  file: string;
}

const here = new URL('./fixtures/resize/', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('manifest.json', here), 'utf8')) as { cases: ResizeCase[] };

const f32 = Math.fround;

/** Taps per output along one axis (torch's `max_interp_size`); 0 when the axis keeps its size (no pass). */
function taps(inSize: number, outSize: number): number {
  return inSize === outSize ? 0 : Math.ceil(2 * Math.max(1, inSize / outSize)) * 2 + 1;
}

/**
 * How far torch's float32 window centre, fl(fl(in/out)·(i + 0.5)), lies from the exact centre, at most, in
 * filter-argument units (pixels × min(1, out/in)). Zero when the scale is dyadic (2, 1.5, 0.5, …).
 */
function centreShift(inSize: number, outSize: number): number {
  if (inSize === outSize) {
    return 0;
  }
  const exact = inSize / outSize;
  let max = 0;
  for (let i = 0; i < outSize; i++) {
    max = Math.max(max, Math.abs(f32(f32(exact) * (i + 0.5)) - exact * (i + 0.5)));
  }
  return max * Math.min(1, outSize / inSize);
}

/**
 * Float32 (torch, ours) vs double (Pillow), per output value on the 0–255 scale, two terms:
 * - arithmetic: a float32 dot product of n taps errs by ≤ n·2^-24·Σ|w·v| ≤ n·2^-24·1.3·255 ≈ n·2e-5 (Σ|w| ≤ 1.3
 *   for Keys a = -0.5), per pass;
 * - centre: a window shifted by δ moves each normalised weight by k'(x)·δ/Σk; with |k'| ≤ 1.39, Σ|Δw| ≤ 6δ for up-
 *   and downscaling alike and ΣΔw = 0, so the output moves by ≤ 127.5·6δ, times Σ|w| ≤ 1.3 through the other pass:
 *   ≈ 1000δ. This term dominates at non-dyadic scales (e.g. 1.2e-2 at 160 → 112, 7e-2 at 1920 → 728).
 */
function tolerance(c: ResizeCase): number {
  const arithmetic = 2e-5 * (taps(c.width, c.outWidth) + taps(c.height, c.outHeight));
  return arithmetic + 1000 * (centreShift(c.width, c.outWidth) + centreShift(c.height, c.outHeight));
}

/** Numerical Recipes LCG, as in make-resize-goldens.py: byte = top 8 bits of each new state. */
function lcgBytes(seed: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  let state = seed >>> 0;
  for (let i = 0; i < n; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = state >>> 24;
  }
  return out;
}

function readGolden(c: ResizeCase): Float32Array {
  const buf = readFileSync(new URL(c.file, here));
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  return Float32Array.from({ length: buf.byteLength / 4 }, (_, i) => view.getFloat32(i * 4, true));
}

/** torchvision's cast back: clamp to [0, 255], then torch.round (half to even). Computed independently of src. */
function torchvisionByte(v: number): number {
  const c = Math.min(255, Math.max(0, v));
  const r = Math.round(c);
  return r - c === 0.5 && r % 2 === 1 ? r - 1 : r;
}

describe('resizeBicubicAA against Pillow float BICUBIC (independent double implementation)', () => {
  it('the goldens cover the documented cases', () => {
    expect(manifest.cases.map((c) => c.name)).toMatchInlineSnapshot(`
      [
        "down-120x90-84x63",
        "down-97x55-56x28",
        "down-640x360-56x28",
        "up-50x30-84x56",
        "mixed-37x70-90x21",
        "width-only-48x36-22x36",
        "height-only-48x36-48x15",
        "identity-16x12",
        "dyadic-down-96x54-64x36",
        "dyadic-up-24x16-48x32",
        "column-1x40-1x17",
        "row-40x1-17x1",
        "to-pixel-7x5-1x1",
        "from-pixel-1x1-3x2",
        "narrow-3x9-2x28",
      ]
    `);
  });

  for (const c of manifest.cases) {
    it(c.name, () => {
      const src = lcgBytes(c.seed, c.width * c.height * 3);
      const want = readGolden(c);
      expect(want.length).toBe(c.outWidth * c.outHeight * 3);

      const got = resizeBicubicAAFloat(src, c.width, c.height, 3, c.outWidth, c.outHeight);
      expect(got.length).toBe(want.length);
      let maxDiff = 0;
      for (let i = 0; i < want.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs((got[i] ?? NaN) - (want[i] ?? NaN)));
      }
      const tol = tolerance(c);
      expect(maxDiff).toBeLessThanOrEqual(tol);
      // The same source as RGBA (alpha dropped) read with a padded row stride: the path sampleFrames takes.
      const stride = c.width * 4 + 8;
      const rgba = new Uint8Array(stride * c.height).fill(200);
      for (let p = 0; p < c.width * c.height; p++) {
        const at = Math.floor(p / c.width) * stride + (p % c.width) * 4;
        rgba.set(src.subarray(p * 3, p * 3 + 3), at);
      }
      expect(resizeBicubicAAFloat(rgba, c.width, c.height, 4, c.outWidth, c.outHeight, 3, stride)).toEqual(
        got,
      );

      // Bytes: PIL's float rounded as torchvision does, except where our float32 value and PIL's lie on either side
      // of a rounding boundary (x.5) — possible only within the tolerance of it. Rare: ~0.02% of values here.
      const bytes = resizeBicubicAA(src, c.width, c.height, 3, c.outWidth, c.outHeight);
      let mismatches = 0;
      for (let i = 0; i < want.length; i++) {
        const w = want[i] ?? NaN;
        if (bytes[i] !== torchvisionByte(w)) {
          mismatches++;
          const tie = Math.floor(w) + 0.5;
          const straddles = Math.abs(w - tie) <= Math.abs((got[i] ?? NaN) - w) && Math.abs(w - tie) <= tol;
          expect(straddles, `${c.name}[${i}]: ours ${got[i]} -> ${bytes[i]}, PIL ${w}`).toBe(true);
        }
      }
      expect(mismatches).toBeLessThanOrEqual(Math.max(1, want.length * 1e-3));
    });
  }
});
