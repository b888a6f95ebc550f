// Tier 1: the preprocessing reference against the HF Qwen2VLImageProcessor goldens (../shared/fixtures/qwen,
// copied to test/fixtures/qwen), and the patch embedding GEMM against a true Conv3d.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import { conv3dReference, matmulReference, preprocessReference, resizeReference } from '@nextevent/kernels';
import { randn } from './util.js';

const dir = new URL('./fixtures/qwen/', import.meta.url);
interface Case {
  name: string;
  frames_shape_THWC: [number, number, number, number];
  frames_file: string;
  grid_thw: [number, number, number];
  shape: [number, number];
  image_processor: { file: string };
}
const fixture = JSON.parse(readFileSync(new URL('patchify.json', dir), 'utf8')) as { cases: Case[] };

function rgbToRgba(rgb: Uint8Array): Uint8Array {
  const out = new Uint8Array((rgb.length / 3) * 4);
  for (let i = 0; i < rgb.length / 3; i++) {
    out.set(rgb.subarray(i * 3, i * 3 + 3), i * 4);
    out[i * 4 + 3] = 255;
  }
  return out;
}

describe('preprocessReference vs HF Qwen2VLImageProcessor goldens', () => {
  for (const c of fixture.cases) {
    it(`${c.name} (${c.frames_shape_THWC.join('x')})`, () => {
      const [T, H, W] = c.frames_shape_THWC;
      const raw = new Uint8Array(readFileSync(new URL(c.frames_file, dir)));
      const frames = Array.from({ length: T }, (_, t) =>
        rgbToRgba(raw.subarray(t * H * W * 3, (t + 1) * H * W * 3)),
      );
      const { patches, gridThw } = preprocessReference(frames, {
        inWidth: W,
        inHeight: H,
        outWidth: W,
        outHeight: H,
      });
      expect(gridThw).toEqual(c.grid_thw);
      const golden = new Float32Array(
        new Uint8Array(readFileSync(new URL(c.image_processor.file, dir))).buffer,
      );
      expect(patches.length).toBe(c.shape[0] * c.shape[1]);
      expect(closeness(patches, golden, { abs: 1e-5, rel: 1e-6 }).message).toBe('ok');
    });
  }
});

describe('resizeReference', () => {
  it('keeps a constant image constant and averages alternating columns away from the border', () => {
    const flat = new Uint8Array(6 * 4 * 4).fill(77);
    expect([...resizeReference(flat, { inWidth: 6, inHeight: 4, outWidth: 3, outHeight: 2 })]).toEqual(
      new Array(18).fill(77),
    );
    // 16x16, columns alternating 0 / 200: a 2x downscale filter is symmetric about a pixel pair (one of each),
    // so interior outputs are exactly the mean
    const img = new Uint8Array(16 * 16 * 4);
    for (let i = 0; i < 256; i++) {
      img.fill(i % 2 === 0 ? 0 : 200, i * 4, i * 4 + 3);
    }
    const out = resizeReference(img, { inWidth: 16, inHeight: 16, outWidth: 8, outHeight: 8 });
    for (let y = 0; y < 8; y++) {
      for (let x = 2; x < 6; x++) {
        expect(out[(y * 8 + x) * 3]).toBe(100);
      }
    }
  });
});

describe('patch embedding: Conv3d == patchify + GEMM with the flattened weight', () => {
  it('matches a direct Conv3d over a 2x28x56 clip', () => {
    const [C, T, H, W, Cout] = [3, 2, 28, 56, 5];
    const video = randn(C * T * H * W, 71);
    const weight = randn(Cout * C * 2 * 14 * 14, 72);
    const conv = conv3dReference(video, { C, T, H, W }, weight, { Cout, kt: 2, kh: 14, kw: 14 });
    // patchify [C, T, H, W] in the HF order (t, hb, wb, hi, wi) x (c, tt, py, px)
    const gh = H / 14;
    const gw = W / 14;
    const patches: number[] = [];
    const order: [number, number][] = [];
    for (let hb = 0; hb < gh / 2; hb++) {
      for (let wb = 0; wb < gw / 2; wb++) {
        for (let hi = 0; hi < 2; hi++) {
          for (let wi = 0; wi < 2; wi++) {
            const y0 = (hb * 2 + hi) * 14;
            const x0 = (wb * 2 + wi) * 14;
            order.push([hb * 2 + hi, wb * 2 + wi]);
            for (let c = 0; c < C; c++) {
              for (let tt = 0; tt < 2; tt++) {
                for (let py = 0; py < 14; py++) {
                  for (let px = 0; px < 14; px++) {
                    patches.push(video[((c * T + tt) * H + y0 + py) * W + x0 + px]!);
                  }
                }
              }
            }
          }
        }
      }
    }
    const N = order.length;
    const gemm = matmulReference(patches, weight, {
      batch: 1,
      M: N,
      N: Cout,
      K: 1176,
      transposeB: true,
      batchedB: false,
    });
    const want = new Float32Array(N * Cout);
    order.forEach(([y, x], n) => {
      for (let o = 0; o < Cout; o++) {
        want[n * Cout + o] = conv[(o * gh + y) * gw + x]!;
      }
    });
    expect(closeness(gemm, want, { abs: 1e-4, rel: 1e-5 }).message).toBe('ok');
  });
});
