// The ORT oracle itself: graphs built in code run on onnxruntime-node's CPU EP and agree with hand-computed
// values.
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import {
  attentionModel,
  createOrtSession,
  gatherModel,
  gqaDecodeModel,
  matmulModel,
  matmulNBitsModel,
  rmsNormModel,
  softmaxModel,
} from '@nextevent/kernels/ort';

const f32 = (dims: number[], data: number[]) => ({
  type: 'float32' as const,
  dims,
  data: Float32Array.from(data),
});

describe('ORT oracle graphs on onnxruntime-node (CPU EP)', () => {
  it('MatMul and Gemm(transB) compute a hand-checked product', async () => {
    const s = await createOrtSession(matmulModel({ M: 2, K: 2, N: 2 }));
    expect(s.backend).toBe('onnxruntime-node/cpu');
    const y = await s.run({ A: f32([2, 2], [1, 2, 3, 4]), B: f32([2, 2], [5, 6, 7, 8]) });
    expect([...(y.Y!.data as Float32Array)]).toEqual([19, 22, 43, 50]);
    const g = await createOrtSession(matmulModel({ M: 2, K: 2, N: 2, transposeB: true }));
    const y2 = await g.run({ A: f32([2, 2], [1, 2, 3, 4]), B: f32([2, 2], [5, 7, 6, 8]) });
    expect([...(y2.Y!.data as Float32Array)]).toEqual([19, 22, 43, 50]);
  });
  it('MatMulNBits: nibble 9 (= +1) times scale 0.5 in every weight sums K * 0.5 per output', async () => {
    const K = 32;
    const N = 2;
    const s = await createOrtSession(matmulNBitsModel({ M: 1, K, N, blockSize: 32 }));
    const B = new Uint8Array((N * K) / 2).fill(0x99);
    const y = await s.run({
      A: f32([1, K], new Array(K).fill(1)),
      B: { type: 'uint8', dims: [N, 1, 16], data: B },
      scales: f32([N], [0.5, 0.25]),
    });
    expect([...(y.Y!.data as Float32Array)]).toEqual([16, 8]);
  });
  it('Gather with the table as an initializer picks the rows of the ids', async () => {
    // table row r = [10r, 10r + 1, 10r + 2]
    const table = Float32Array.from({ length: 4 * 3 }, (_, i) => 10 * Math.floor(i / 3) + (i % 3));
    const s = await createOrtSession(gatherModel({ V: 4, H: 3, L: 3, table }));
    const y = await s.run({ ids: { type: 'int64', dims: [3], data: BigInt64Array.from([2n, 0n, 2n]) } });
    expect(y.Y!.dims).toEqual([3, 3]);
    expect([...(y.Y!.data as Float32Array)]).toEqual([20, 21, 22, 0, 1, 2, 20, 21, 22]);
  });
  it('Softmax and SimplifiedLayerNormalization', async () => {
    const sm = await createOrtSession(softmaxModel({ rows: 1, C: 2 }));
    const y = await sm.run({ X: f32([1, 2], [0, Math.log(3)]) });
    expect(closeness(y.Y!.data as Float32Array, [0.25, 0.75], { abs: 1e-6, rel: 0 }).message).toBe('ok');
    const rn = await createOrtSession(rmsNormModel({ rows: 1, H: 2, eps: 0 }));
    const z = await rn.run({ X: f32([1, 2], [3, 4]), scale: f32([2], [1, 2]) });
    expect(
      closeness(z.Y!.data as Float32Array, [3 / Math.sqrt(12.5), 8 / Math.sqrt(12.5)], { abs: 1e-6, rel: 0 })
        .message,
    ).toBe('ok');
  });
  it('Attention (opset 23): one key gives its value; GroupQueryAttention decode runs', async () => {
    const at = await createOrtSession(
      attentionModel({ L: 1, Hq: 2, Hkv: 1, D: 2, causal: true, mask: false }),
    );
    const y = await at.run({
      Q: f32([1, 1, 4], [1, 2, 3, 4]),
      K: f32([1, 1, 2], [1, 1]),
      V: f32([1, 1, 2], [5, 6]),
    });
    expect([...(y.Y!.data as Float32Array)]).toEqual([5, 6, 5, 6]);
    const D = 8;
    const gqa = await createOrtSession(gqaDecodeModel({ past: 1, Hq: 2, Hkv: 1, D }));
    const o = await gqa.run({
      query: f32([1, 1, 2 * D], new Array(2 * D).fill(0)),
      key: f32([1, 1, D], new Array(D).fill(0)),
      value: f32([1, 1, D], new Array(D).fill(1)),
      past_key: f32([1, 1, 1, D], new Array(D).fill(0)),
      past_value: f32([1, 1, 1, D], new Array(D).fill(3)),
      seqlens_k: { type: 'int32', dims: [1], data: Int32Array.from([1]) },
      total_sequence_length: { type: 'int32', dims: [], data: Int32Array.from([2]) },
    });
    // zero query: uniform weights over the 2 keys → the mean of the values, 2
    expect([...(o.output!.data as Float32Array)]).toEqual(new Array(2 * D).fill(2));
  });
});

describe('ropeReference against ORT RotaryEmbedding (com.microsoft, CPU EP)', () => {
  it('text RoPE, theta 1e6, D = 16, positions up to 500', async () => {
    const { ropeInvFreq, ropeReference } = await import('@nextevent/kernels');
    const { rotaryEmbeddingModel } = await import('@nextevent/kernels/ort');
    const [L, H, D, maxPos] = [5, 2, 16, 512];
    const inv = ropeInvFreq('text', D, 1e6);
    const cos = new Float32Array(maxPos * (D / 2));
    const sin = new Float32Array(maxPos * (D / 2));
    for (let p = 0; p < maxPos; p++) {
      for (let j = 0; j < D / 2; j++) {
        const a = Math.fround(Math.fround(p) * inv[j]!);
        cos[p * (D / 2) + j] = Math.cos(a);
        sin[p * (D / 2) + j] = Math.sin(a);
      }
    }
    const x = Float32Array.from({ length: L * H * D }, (_, i) => Math.sin(i * 0.37));
    const pos = [0, 1, 17, 300, 499];
    const s = await createOrtSession(rotaryEmbeddingModel({ L, H, D, maxPos }));
    const y = await s.run({
      input: f32([1, L, H * D], [...x]),
      position_ids: { type: 'int64', dims: [1, L], data: BigInt64Array.from(pos.map(BigInt)) },
      cos_cache: { type: 'float32', dims: [maxPos, D / 2], data: cos },
      sin_cache: { type: 'float32', dims: [maxPos, D / 2], data: sin },
    });
    const want = ropeReference(x, pos, { L, H, D, mode: 'text', theta: 1e6 });
    expect(closeness(y.output!.data as Float32Array, want, { abs: 1e-5, rel: 1e-5 }).message).toBe('ok');
  });
});

describe('attentionReference against ORT GroupQueryAttention prefill (CPU EP)', () => {
  it('causal GQA 4:2, L = 9, D = 8', async () => {
    const { attentionReference } = await import('@nextevent/kernels');
    const { gqaPrefillModel } = await import('@nextevent/kernels/ort');
    const [L, Hq, Hkv, D] = [9, 4, 2, 8];
    const gen = (n: number, k: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * k));
    const q = gen(L * Hq * D, 0.31);
    const k = gen(L * Hkv * D, 0.17);
    const v = gen(L * Hkv * D, 0.53);
    const s = await createOrtSession(gqaPrefillModel({ L, Hq, Hkv, D }));
    const y = await s.run({
      query: f32([1, L, Hq * D], [...q]),
      key: f32([1, L, Hkv * D], [...k]),
      value: f32([1, L, Hkv * D], [...v]),
      seqlens_k: { type: 'int32', dims: [1], data: Int32Array.from([L - 1]) },
      total_sequence_length: { type: 'int32', dims: [], data: Int32Array.from([L]) },
    });
    const want = attentionReference(q, k, v, { Lq: L, Hq, Hkv, D, causal: true });
    expect(closeness(y.output!.data as Float32Array, want, { abs: 1e-5, rel: 1e-4 }).message).toBe('ok');
  });
});
