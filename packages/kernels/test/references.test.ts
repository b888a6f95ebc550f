// Tier 1: the CPU references against hand-computed values and mathematical properties.
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import {
  bucketSize,
  f16BitsToF32,
  f32ToF16Bits,
  layerNormReference,
  matmulReference,
  rmsNormReference,
  ropeReference,
  softmaxReference,
} from '@nextevent/kernels';
import { randn } from './util.js';

const TOL = { abs: 1e-6, rel: 1e-6 };

describe('f16 conversion', () => {
  it('encodes known bit patterns (IEEE 754 binary16)', () => {
    expect([1, -2, 65504, 65520, 1e-8, 2 ** -24, 0.1, Infinity].map(f32ToF16Bits)).toEqual([
      0x3c00, 0xc000, 0x7bff, 0x7c00, 0, 1, 0x2e66, 0x7c00,
    ]);
    expect(Number.isNaN(f16BitsToF32(f32ToF16Bits(NaN)))).toBe(true);
    expect([0x3c00, 0x3555, 0x0001, 0xfbff].map(f16BitsToF32)).toEqual([1, 0.333251953125, 2 ** -24, -65504]);
  });
  it('rounds ties to even (normal and subnormal), by the IEEE 754 definition', () => {
    // 1 + 2^-11 lies halfway between 1 (0x3c00) and 1 + 2^-10 (0x3c01); 1 + 3·2^-11 between 0x3c01 and 0x3c02
    expect([1 + 2 ** -11, 1 + 3 * 2 ** -11, 1 + 2 ** -11 + 2 ** -20].map(f32ToF16Bits)).toEqual([
      0x3c00, 0x3c02, 0x3c01,
    ]);
    // 2^-25 lies halfway between 0 and 2^-24 (0x0001); 3·2^-25 between 0x0001 and 0x0002
    expect([2 ** -25, 3 * 2 ** -25, -(3 * 2 ** -25)].map(f32ToF16Bits)).toEqual([0, 2, 0x8002]);
  });
  it('round-trips every finite f16', () => {
    for (let b = 0; b < 0x7c00; b += 7) {
      expect(f32ToF16Bits(f16BitsToF32(b))).toBe(b);
    }
  });
});

describe('bucketSize', () => {
  it('rounds to 256 B below 64 KiB and to 1/4-steps of powers of two above', () => {
    expect([1, 256, 257, 65536, 65537, 81921, 2 ** 20 + 1].map(bucketSize)).toEqual([
      256, 256, 512, 65536, 81920, 98304, 1310720,
    ]);
  });
});

describe('matmulReference', () => {
  it('computes a hand-checked 2x2 product, transposed B and bias', () => {
    const a = [1, 2, 3, 4];
    const b = [5, 6, 7, 8];
    expect([
      ...matmulReference(a, b, { batch: 1, M: 2, N: 2, K: 2, transposeB: false, batchedB: false }),
    ]).toEqual([19, 22, 43, 50]);
    // B^T stored: [[5,7],[6,8]]
    expect([
      ...matmulReference(
        a,
        [5, 7, 6, 8],
        { batch: 1, M: 2, N: 2, K: 2, transposeB: true, batchedB: false },
        [1, -1],
      ),
    ]).toEqual([20, 21, 44, 49]);
  });
  it('batches with a shared B', () => {
    const a = [1, 0, 0, 1, 2, 0, 0, 2];
    const out = matmulReference(a, [1, 2, 3, 4], {
      batch: 2,
      M: 2,
      N: 2,
      K: 2,
      transposeB: false,
      batchedB: false,
    });
    expect([...out]).toEqual([1, 2, 3, 4, 2, 4, 6, 8]);
  });
});

describe('norm and softmax references', () => {
  it('rmsnorm of [3, 4] divides by sqrt(12.5)', () => {
    const want = [3 / Math.sqrt(12.5), 4 / Math.sqrt(12.5)];
    expect(closeness(rmsNormReference([3, 4], [1, 1], 2, 0), want, TOL).message).toBe('ok');
  });
  it('layernorm of [1, 2, 3] is [-sqrt(1.5), 0, sqrt(1.5)]', () => {
    const s = Math.sqrt(1.5);
    expect(
      closeness(layerNormReference([1, 2, 3], [1, 1, 1], [0, 0, 0], 3, 0), [-s, 0, s], TOL).message,
    ).toBe('ok');
  });
  it('softmax of [0, ln 3] is [0.25, 0.75], rows sum to 1 and are shift-invariant', () => {
    expect(closeness(softmaxReference([0, Math.log(3)], 2), [0.25, 0.75], TOL).message).toBe('ok');
    const x = randn(5 * 17, 3, -20, 20);
    const y = softmaxReference(x, 17);
    for (let r = 0; r < 5; r++) {
      expect(y.slice(r * 17, r * 17 + 17).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
    expect(
      closeness(
        softmaxReference(
          x.map((v) => v + 100),
          17,
        ),
        y,
        { abs: 1e-6, rel: 1e-5 },
      ).message,
    ).toBe('ok');
  });
});

describe('ropeReference', () => {
  it('rotates [1, 0] by 1 radian at position 1 (D = 2)', () => {
    const out = ropeReference([1, 0], [1], { L: 1, H: 1, D: 2, mode: 'text', theta: 1e6 });
    expect(closeness(out, [Math.cos(1), Math.sin(1)], TOL).message).toBe('ok');
  });
  it('is the identity at position 0 and preserves each pair norm', () => {
    const x = randn(2 * 3 * 16, 4);
    const id = ropeReference(x, [0, 0], { L: 2, H: 3, D: 16, mode: 'text', theta: 1e4 });
    expect(closeness(id, x, TOL).message).toBe('ok');
    const y = ropeReference(x, [5, 900], { L: 2, H: 3, D: 16, mode: 'text', theta: 1e4 });
    for (let base = 0; base < x.length; base += 16) {
      for (let j = 0; j < 8; j++) {
        const n0 = Math.hypot(x[base + j]!, x[base + j + 8]!);
        const n1 = Math.hypot(y[base + j]!, y[base + j + 8]!);
        expect(n1).toBeCloseTo(n0, 5);
      }
    }
  });
  it('mrope with three equal position rows equals text rope (text tokens)', () => {
    const x = randn(3 * 2 * 128, 5);
    const pos = [7, 8, 9];
    const text = ropeReference(x, pos, { L: 3, H: 2, D: 128, mode: 'text', theta: 1e6 });
    const mrope = ropeReference(x, [...pos, ...pos, ...pos], {
      L: 3,
      H: 2,
      D: 128,
      mode: 'mrope',
      theta: 1e6,
    });
    expect(closeness(mrope, text, { abs: 0, rel: 0 }).message).toBe('ok');
  });
  it('vision rotary: row and column drive the first and second quarter of frequencies', () => {
    // D = 8: invFreq over dim 4 = [1, 1e4^-0.5 = 0.01]; pair j = 0 uses row*1, j = 2 uses col*1.
    const x = [1, 0, 1, 0, 0, 0, 0, 0];
    const out = ropeReference(x, [2, 3], { L: 1, H: 1, D: 8, mode: 'vision', theta: 1e4 });
    expect(out[0]).toBeCloseTo(Math.cos(2), 6);
    expect(out[4]).toBeCloseTo(Math.sin(2), 6);
    expect(out[2]).toBeCloseTo(Math.cos(3), 6);
    expect(out[6]).toBeCloseTo(Math.sin(3), 6);
  });
});
