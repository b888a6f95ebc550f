import { describe, expect, it } from 'vitest';
import { resizeBicubicAA } from '../src/frames/resize-bicubic.js';

describe('resizeBicubicAA (torch/PIL antialiased bicubic)', () => {
  it('hand-computed 4 -> 2 downscale (Keys a=-0.5, support 2·scale)', () => {
    // Output pixel 0: centre 1.0 in input pixels, taps at x=0..3 with distances (x+0.5-1)/2 = -0.25, 0.25, 0.75,
    // 1.25 -> weights k(.25)=0.8671875, k(.25), k(.75)=0.2265625, k(1.25)=-0.0703125, normalised by their sum.
    const w = [0.8671875, 0.8671875, 0.2265625, -0.0703125];
    const sum = w.reduce((a, b) => a + b);
    const row = [0, 100, 200, 250];
    const want0 = Math.round(row.reduce((a, v, i) => a + v * (w[i] ?? 0), 0) / sum);
    const out = resizeBicubicAA(new Uint8Array(row), 4, 1, 1, 2, 1);
    expect(out[0]).toBe(want0);
    expect(want0).toBe(61);
  });
  it('keeps a constant image constant and passes same-size images through', () => {
    const img = new Uint8Array(37 * 23 * 3).fill(77);
    expect(resizeBicubicAA(img, 37, 23, 3, 11, 9).every((v) => v === 77)).toBe(true);
    expect(resizeBicubicAA(img, 37, 23, 3, 80, 50).every((v) => v === 77)).toBe(true);
    const rnd = Uint8Array.from({ length: 5 * 4 * 4 }, (_, i) => (i * 37) % 256);
    const rgb = resizeBicubicAA(rnd, 5, 4, 4, 5, 4, 3);
    expect(Array.from(rgb.subarray(0, 6))).toEqual([0, 37, 74, 148, 185, 222]);
  });
  it('reproduces a linear ramp away from the borders', () => {
    // Cubic convolution is exact on linear functions: output x samples the ramp at scale·(x+0.5)-0.5.
    const width = 64;
    const ramp = Uint8Array.from({ length: width }, (_, x) => 2 * x);
    const out = resizeBicubicAA(ramp, width, 1, 1, 16, 1);
    for (let x = 3; x < 13; x++) {
      expect(out[x]).toBe(2 * (4 * (x + 0.5) - 0.5));
    }
  });
});
