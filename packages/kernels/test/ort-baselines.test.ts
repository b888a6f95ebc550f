// The bench baselines that are graphs of several ONNX ops (sampling, 3-section mRoPE) against our CPU
// references, on onnxruntime-node's CPU EP: the same token for every draw, the same rotated values within an
// explicit tolerance. The bench runs the same graphs on ORT's WebGPU EP.
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import {
  QWEN2_VL_MROPE_SECTION,
  ropeInvFreq,
  ropeReference,
  sampleReference,
  samplingDistribution,
  type SamplingParams,
} from '@nextevent/kernels';
import { createOrtSession, mropeModel, sampleModel, type OrtSession } from '@nextevent/kernels/ort';
import { randn, rng } from './util.js';

async function ortSample(
  s: OrtSession,
  logits: Float32Array,
  rows: number,
  p: SamplingParams,
  random: readonly number[],
): Promise<number[]> {
  const V = logits.length / rows;
  const y = await s.run({
    logits: { type: 'float32', dims: [rows, V], data: logits },
    k: { type: 'int64', dims: [1], data: BigInt64Array.from([BigInt(Math.min(p.topK, V, 256))]) },
    temperature: { type: 'float32', dims: [1], data: Float32Array.from([p.temperature]) },
    top_p: { type: 'float32', dims: [1], data: Float32Array.from([p.topP]) },
    random: { type: 'float32', dims: [rows, 1], data: Float32Array.from(random) },
  });
  expect(y.token!.dims).toEqual([rows, 1]);
  return [...(y.token!.data as BigInt64Array)].map(Number);
}

/**
 * Draws that land in the middle of each kept token's share of the kept mass (so the pick does not depend on f32
 * versus float64 rounding), for the tokens whose share is at least 1e-4, plus 0 and 0.999.
 */
function drawsFor(logits: Float32Array, p: SamplingParams): number[] {
  const kept = samplingDistribution(logits, p);
  const mass = kept.reduce((a, c) => a + c.weight, 0);
  const draws = [0, 0.999];
  let before = 0;
  for (const c of kept) {
    if (c.weight / mass >= 1e-4) {
      draws.push((before + c.weight / 2) / mass);
    }
    before += c.weight;
  }
  return draws;
}

describe('sampleModel (TopK → Softmax → CumSum top-p → inverse CDF) against sampleReference, CPU EP', () => {
  const settings: SamplingParams[] = [
    { topK: 50, topP: 0.9, temperature: 1 },
    { topK: 1, topP: 1, temperature: 1 },
    { topK: 256, topP: 1, temperature: 0.7 },
    { topK: 10, topP: 0.5, temperature: 1.5 },
    { topK: 400, topP: 0.3, temperature: 0.25 },
    { topK: 20, topP: 0.01, temperature: 1 },
  ];
  it.each(settings)('V = 300, topK $topK, topP $topP, temperature $temperature', async (p) => {
    const V = 300;
    const logits = randn(V, 7, -4, 4);
    const s = await createOrtSession(sampleModel({ rows: 1, V }));
    const draws = drawsFor(logits, p);
    const got: number[] = [];
    for (const r of draws) {
      got.push(...(await ortSample(s, logits, 1, p, [r])));
    }
    expect(got).toEqual(draws.map((r) => sampleReference(logits, p, r)));
    // the draws reach every kept token with a visible share, not one token over and over
    if (samplingDistribution(logits, p).length > 1) {
      expect(new Set(got).size).toBeGreaterThan(1);
    }
    await s.release();
  });

  it('ties: equal logits rank by lower index, also across the top-k cut', async () => {
    const V = 200;
    // five distinct values (−1 … 1 in steps of 0.5): ~25 tokens share the top value, and the 0.5s straddle k = 50
    const logits = randn(V, 11).map((x) => Math.round(x * 2) / 2);
    const s = await createOrtSession(sampleModel({ rows: 1, V }));
    for (const p of [
      { topK: 50, topP: 1, temperature: 1 },
      { topK: 30, topP: 0.8, temperature: 0.5 },
    ]) {
      const draws = drawsFor(logits, p);
      const got: number[] = [];
      for (const r of draws) {
        got.push(...(await ortSample(s, logits, 1, p, [r])));
      }
      expect(got).toEqual(draws.map((r) => sampleReference(logits, p, r)));
      expect(new Set(got).size).toBeGreaterThan(20);
    }
    await s.release();
  });

  it('several rows, one random per row', async () => {
    const [rows, V] = [3, 97];
    const logits = randn(rows * V, 5, -3, 3);
    const p = { topK: 40, topP: 0.95, temperature: 0.8 };
    const s = await createOrtSession(sampleModel({ rows, V }));
    const next = rng(9);
    for (let i = 0; i < 5; i++) {
      const random = [next(), next(), next()];
      const want = random.map((r, row) => sampleReference(logits.subarray(row * V, (row + 1) * V), p, r));
      expect(await ortSample(s, logits, rows, p, random)).toEqual(want);
    }
    await s.release();
  });
});

describe('mropeModel (in-graph cos/sin from [3, L] positions + RotaryEmbedding) against ropeReference, CPU EP', () => {
  const cases = [
    { name: 'D = 16, sections [2, 3, 3]', L: 7, H: 2, D: 16, section: [2, 3, 3] },
    {
      name: 'D = 128, Qwen2-VL sections [16, 24, 24]',
      L: 5,
      H: 3,
      D: 128,
      section: [...QWEN2_VL_MROPE_SECTION],
    },
  ];
  it.each(cases)('$name, positions up to 900', async ({ L, H, D, section }) => {
    const next = rng(3);
    // t rows far apart (video time), h and w small grid coordinates: the three rows differ per token
    const positions = Int32Array.from({ length: 3 * L }, (_, i) =>
      i < L ? 150 * i : Math.floor(next() * (i < 2 * L ? 40 : 900)),
    );
    const x = randn(L * H * D, 4);
    const s = await createOrtSession(
      mropeModel({ L, H, D, invFreq: ropeInvFreq('mrope', D, 1e6), mropeSection: section }),
    );
    const y = await s.run({
      input: { type: 'float32', dims: [1, L, H * D], data: x },
      positions: { type: 'int32', dims: [3, L], data: positions },
      position_ids: {
        type: 'int64',
        dims: [1, L],
        data: BigInt64Array.from({ length: L }, (_, i) => BigInt(i)),
      },
    });
    const want = ropeReference(x, positions, { L, H, D, mode: 'mrope', theta: 1e6, mropeSection: section });
    expect(closeness(y.output!.data as Float32Array, want, { abs: 1e-5, rel: 1e-5 }).message).toBe('ok');
    // the sections matter: a text-RoPE reference over the t row alone differs
    const textOnly = ropeReference(x, positions.subarray(0, L), { L, H, D, mode: 'text', theta: 1e6 });
    expect(closeness(y.output!.data as Float32Array, textOnly, { abs: 1e-3, rel: 0 }).ok).toBe(false);
    await s.release();
  });
});
