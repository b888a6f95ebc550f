// Tier 1: more CPU references against known values and properties (erf/GELU, quantisation, sampling, SwiGLU).
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import {
  argmaxReference,
  binaryReference,
  dequantizeInt4Reference,
  dequantizeInt8Reference,
  embeddingReference,
  erf,
  geluReference,
  quantizeInt4,
  quantizeInt8,
  sampleReference,
  samplingDistribution,
  siluMulReference,
} from '@nextevent/kernels';
import { randn } from './util.js';

describe('erf and GELU', () => {
  it('erf matches tabulated values (Abramowitz & Stegun table 7.1)', () => {
    const table: [number, number][] = [
      [0, 0],
      [0.5, 0.5204998778130465],
      [1, 0.8427007929497149],
      [2, 0.9953222650189527],
      [3, 0.9999779095030014],
      [-1.5, -0.9661051464753108],
    ];
    for (const [x, want] of table) {
      expect(erf(x)).toBeCloseTo(want, 12);
    }
  });
  it('GELU(1) for the three variants', () => {
    const [exact, tanh, quick] = (['erf', 'tanh', 'quick'] as const).map((v) => geluReference([1], v)[0]!);
    expect(exact).toBeCloseTo(0.8413447460685429, 6); // Phi(1)
    expect(tanh).toBeCloseTo(0.5 * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * 1.044715)), 6);
    expect(quick).toBeCloseTo(1 / (1 + Math.exp(-1.702)), 6);
  });
  it('silu-mul and binary', () => {
    expect(
      closeness(siluMulReference([0, 2], [5, 3]), [0, (2 / (1 + Math.exp(-2))) * 3], { abs: 1e-6, rel: 0 })
        .message,
    ).toBe('ok');
    expect([...binaryReference('add', [1, 2, 3, 4], [10, 20])]).toEqual([11, 22, 13, 24]);
    expect([...binaryReference('mul', [1, 2, 3, 4], [2])]).toEqual([2, 4, 6, 8]);
  });
});

describe('quantisation', () => {
  it('int4: nibble layout (low nibble first) and the per-group error bound scale / 2', () => {
    // one group of 32 with max |w| = 7, so scale = 1 and w[k] = k - 8 (k = 1..14) quantises to nibble k, found at
    // bits 4 * (k % 8) of word k / 8
    const w = Array.from({ length: 32 }, (_, k) => (k >= 1 && k <= 14 ? k - 8 : 0));
    const q = quantizeInt4(w, 1, 32, 32);
    expect(q.scales[0]).toBe(1);
    for (let k = 1; k <= 14; k++) {
      expect((q.qweight[k >> 3]! >>> (4 * (k & 7))) & 0xf).toBe(k);
    }
    expect(q.qweight[0]! & 0xf).toBe(8); // w[0] = 0 → zero point
    const x = randn(6 * 128, 3, -2, 2);
    const q2 = quantizeInt4(x, 6, 128, 64);
    const back = dequantizeInt4Reference(q2);
    for (let i = 0; i < x.length; i++) {
      const scale = q2.scales[Math.floor(i / 64)]!;
      expect(Math.abs(back[i]! - x[i]!)).toBeLessThanOrEqual(scale / 2 + 1e-6);
    }
  });
  it('int8: signed bytes, error bound scale / 2, and the gather of a dequantised table', () => {
    const x = randn(4 * 64, 4, -3, 3);
    const t = quantizeInt8(x, 4, 64, 32);
    const back = dequantizeInt8Reference(t);
    for (let i = 0; i < x.length; i++) {
      expect(Math.abs(back[i]! - x[i]!)).toBeLessThanOrEqual(t.scales[Math.floor(i / 32)]! / 2 + 1e-6);
    }
    const rows = embeddingReference([3, 0, 9], back, 4, 64);
    expect([...rows.slice(0, 64)]).toEqual([...back.slice(3 * 64, 4 * 64)]);
    expect([...rows.slice(128)]).toEqual(new Array(64).fill(0)); // id 9 is out of range
  });
});

describe('sampling references', () => {
  const logits = [0.5, 3, -1, 3, 2];
  it('argmax takes the first of equal maxima', () => {
    expect([...argmaxReference(logits, 5)]).toEqual([1]);
  });
  it('top-k 1 is greedy whatever the draw', () => {
    for (const u of [0, 0.5, 0.999]) {
      expect(sampleReference(logits, { topK: 1, topP: 1, temperature: 1 }, u)).toBe(1);
    }
  });
  it('equal logits with top-k 4 split [0, 1) into four equal intervals in index order', () => {
    const flat = [1, 1, 1, 1, 1, 1];
    const draws = [0.1, 0.3, 0.6, 0.9].map((u) =>
      sampleReference(flat, { topK: 4, topP: 1, temperature: 0.7 }, u),
    );
    expect(draws).toEqual([0, 1, 2, 3]);
  });
  it('top-p keeps the smallest prefix whose mass reaches p (HF semantics)', () => {
    // probabilities 0.5, 0.3, 0.2 (temperature 1): p = 0.6 keeps two tokens, p = 0.5 keeps one
    const l = [Math.log(0.5), Math.log(0.3), Math.log(0.2)];
    expect(samplingDistribution(l, { topK: 3, topP: 0.6, temperature: 1 }).map((c) => c.index)).toEqual([
      0, 1,
    ]);
    expect(samplingDistribution(l, { topK: 3, topP: 0.5, temperature: 1 }).map((c) => c.index)).toEqual([0]);
  });
});
