/**
 * The oracle graphs: one ONNX operator each, shaped like the corresponding @nextevent/kernels op.
 */
import { buildModel } from './graph.js';

/** `Y = A · B` (MatMul) or `A · Bᵀ` (Gemm transB for 2-D) with A `[M, K]` (or batched `[b, M, K]`). */
export function matmulModel(s: {
  batch?: number;
  M: number;
  K: number;
  N: number;
  transposeB?: boolean;
}): Uint8Array {
  const a = s.batch ? [s.batch, s.M, s.K] : [s.M, s.K];
  if (s.transposeB) {
    return buildModel({
      name: 'gemm',
      nodes: [{ op: 'Gemm', inputs: ['A', 'B'], outputs: ['Y'], attributes: { transB: 1 } }],
      inputs: [
        { name: 'A', type: 'float32', dims: [s.M, s.K] },
        { name: 'B', type: 'float32', dims: [s.N, s.K] },
      ],
      outputs: [{ name: 'Y', type: 'float32', dims: [s.M, s.N] }],
    });
  }
  return buildModel({
    name: 'matmul',
    nodes: [{ op: 'MatMul', inputs: ['A', 'B'], outputs: ['Y'] }],
    inputs: [
      { name: 'A', type: 'float32', dims: a },
      { name: 'B', type: 'float32', dims: [s.K, s.N] },
    ],
    outputs: [{ name: 'Y', type: 'float32', dims: [...a.slice(0, -1), s.N] }],
  });
}

/**
 * com.microsoft MatMulNBits (bits 4, no zero points → 8): A `[M, K]`, B uint8 `[N, K/G, G/2]`, scales
 * `[N * K/G]`. The byte layout equals the `int4` tensors of @nextevent/kernels viewed as bytes.
 */
export function matmulNBitsModel(s: {
  M: number | string;
  K: number;
  N: number;
  blockSize: number;
}): Uint8Array {
  const blocks = s.K / s.blockSize;
  return buildModel({
    name: 'matmul-nbits',
    nodes: [
      {
        op: 'MatMulNBits',
        domain: 'com.microsoft',
        inputs: ['A', 'B', 'scales'],
        outputs: ['Y'],
        attributes: { K: s.K, N: s.N, bits: 4, block_size: s.blockSize },
      },
    ],
    inputs: [
      { name: 'A', type: 'float32', dims: [s.M, s.K] },
      { name: 'B', type: 'uint8', dims: [s.N, blocks, s.blockSize / 2] },
      { name: 'scales', type: 'float32', dims: [s.N * blocks] },
    ],
    outputs: [{ name: 'Y', type: 'float32', dims: [s.M, s.N] }],
  });
}

/** Softmax over the last axis of `[rows, C]`. */
export function softmaxModel(s: { rows: number | string; C: number }): Uint8Array {
  return buildModel({
    name: 'softmax',
    nodes: [{ op: 'Softmax', inputs: ['X'], outputs: ['Y'], attributes: { axis: -1 } }],
    inputs: [{ name: 'X', type: 'float32', dims: [s.rows, s.C] }],
    outputs: [{ name: 'Y', type: 'float32', dims: [s.rows, s.C] }],
  });
}

/** SimplifiedLayerNormalization (RMSNorm as ORT fuses it): X `[rows, H]`, scale `[H]`. */
export function rmsNormModel(s: { rows: number | string; H: number; eps: number }): Uint8Array {
  return buildModel({
    name: 'rmsnorm',
    nodes: [
      {
        op: 'SimplifiedLayerNormalization',
        inputs: ['X', 'scale'],
        outputs: ['Y'],
        attributes: { axis: -1, epsilon: { float: s.eps } },
      },
    ],
    inputs: [
      { name: 'X', type: 'float32', dims: [s.rows, s.H] },
      { name: 'scale', type: 'float32', dims: [s.H] },
    ],
    outputs: [{ name: 'Y', type: 'float32', dims: [s.rows, s.H] }],
  });
}

/** LayerNormalization (opset 17+): X `[rows, H]`, scale `[H]`, bias `[H]`. */
export function layerNormModel(s: { rows: number | string; H: number; eps: number }): Uint8Array {
  return buildModel({
    name: 'layernorm',
    nodes: [
      {
        op: 'LayerNormalization',
        inputs: ['X', 'scale', 'bias'],
        outputs: ['Y'],
        attributes: { axis: -1, epsilon: { float: s.eps } },
      },
    ],
    inputs: [
      { name: 'X', type: 'float32', dims: [s.rows, s.H] },
      { name: 'scale', type: 'float32', dims: [s.H] },
      { name: 'bias', type: 'float32', dims: [s.H] },
    ],
    outputs: [{ name: 'Y', type: 'float32', dims: [s.rows, s.H] }],
  });
}

/**
 * ONNX Attention (opset 23) with 3-D inputs Q `[1, L, Hq*D]`, K/V `[1, L, Hkv*D]` (GQA via kv_num_heads),
 * `is_causal`, and an optional boolean mask `[L, L]` (true = attend) for block-diagonal segments.
 */
export function attentionModel(s: {
  L: number;
  Hq: number;
  Hkv: number;
  D: number;
  causal: boolean;
  mask: boolean;
}): Uint8Array {
  return buildModel({
    name: 'attention',
    nodes: [
      {
        op: 'Attention',
        inputs: s.mask ? ['Q', 'K', 'V', 'mask'] : ['Q', 'K', 'V'],
        outputs: ['Y'],
        attributes: {
          q_num_heads: s.Hq,
          kv_num_heads: s.Hkv,
          is_causal: s.causal ? 1 : 0,
          scale: { float: 1 / Math.sqrt(s.D) },
        },
      },
    ],
    inputs: [
      { name: 'Q', type: 'float32', dims: [1, s.L, s.Hq * s.D] },
      { name: 'K', type: 'float32', dims: [1, s.L, s.Hkv * s.D] },
      { name: 'V', type: 'float32', dims: [1, s.L, s.Hkv * s.D] },
      ...(s.mask ? [{ name: 'mask', type: 'bool' as const, dims: [s.L, s.L] }] : []),
    ],
    outputs: [{ name: 'Y', type: 'float32', dims: [1, s.L, s.Hq * s.D] }],
  });
}

/**
 * com.microsoft GroupQueryAttention for one decode step against a past cache: query `[1, 1, Hq*D]`, key/value
 * `[1, 1, Hkv*D]`, past_key/past_value `[1, Hkv, P, D]`, seqlens_k `[1]` = P (total - 1),
 * total_sequence_length = P + 1; head dim a multiple of 8 (ORT CPU). Outputs output `[1, 1, Hq*D]`, present_key,
 * present_value.
 */
export function gqaDecodeModel(s: { past: number; Hq: number; Hkv: number; D: number }): Uint8Array {
  return buildModel({
    name: 'gqa',
    nodes: [
      {
        op: 'GroupQueryAttention',
        domain: 'com.microsoft',
        inputs: ['query', 'key', 'value', 'past_key', 'past_value', 'seqlens_k', 'total_sequence_length'],
        outputs: ['output', 'present_key', 'present_value'],
        attributes: { num_heads: s.Hq, kv_num_heads: s.Hkv, scale: { float: 1 / Math.sqrt(s.D) } },
      },
    ],
    inputs: [
      { name: 'query', type: 'float32', dims: [1, 1, s.Hq * s.D] },
      { name: 'key', type: 'float32', dims: [1, 1, s.Hkv * s.D] },
      { name: 'value', type: 'float32', dims: [1, 1, s.Hkv * s.D] },
      { name: 'past_key', type: 'float32', dims: [1, s.Hkv, 'past', s.D] },
      { name: 'past_value', type: 'float32', dims: [1, s.Hkv, 'past', s.D] },
      { name: 'seqlens_k', type: 'int32', dims: [1] },
      { name: 'total_sequence_length', type: 'int32', dims: [] },
    ],
    outputs: [
      { name: 'output', type: 'float32', dims: [1, 1, s.Hq * s.D] },
      { name: 'present_key', type: 'float32', dims: [1, s.Hkv, 'present', s.D] },
      { name: 'present_value', type: 'float32', dims: [1, s.Hkv, 'present', s.D] },
    ],
  });
}

/**
 * com.microsoft RotaryEmbedding (rotate-half, not interleaved): input `[1, L, H*D]`, position_ids int64 `[1, L]`,
 * cos_cache / sin_cache `[maxPos, D/2]` (the caller fills them from the inverse frequencies).
 */
export function rotaryEmbeddingModel(s: { L: number; H: number; D: number; maxPos: number }): Uint8Array {
  return buildModel({
    name: 'rotary-embedding',
    nodes: [
      {
        op: 'RotaryEmbedding',
        domain: 'com.microsoft',
        inputs: ['input', 'position_ids', 'cos_cache', 'sin_cache'],
        outputs: ['output'],
        attributes: { interleaved: 0, num_heads: s.H },
      },
    ],
    inputs: [
      { name: 'input', type: 'float32', dims: [1, s.L, s.H * s.D] },
      { name: 'position_ids', type: 'int64', dims: [1, s.L] },
      { name: 'cos_cache', type: 'float32', dims: [s.maxPos, s.D / 2] },
      { name: 'sin_cache', type: 'float32', dims: [s.maxPos, s.D / 2] },
    ],
    outputs: [{ name: 'output', type: 'float32', dims: [1, s.L, s.H * s.D] }],
  });
}

/**
 * com.microsoft GroupQueryAttention for a causal prefill without a past: query `[1, L, Hq*D]`, key/value
 * `[1, L, Hkv*D]`, seqlens_k `[1]` = L - 1, total_sequence_length = L. Output `[1, L, Hq*D]`. This is the form
 * ORT's WebGPU EP runs natively (flash attention where supported).
 */
export function gqaPrefillModel(s: { L: number; Hq: number; Hkv: number; D: number }): Uint8Array {
  return buildModel({
    name: 'gqa-prefill',
    nodes: [
      {
        op: 'GroupQueryAttention',
        domain: 'com.microsoft',
        inputs: ['query', 'key', 'value', '', '', 'seqlens_k', 'total_sequence_length'],
        outputs: ['output'],
        attributes: { num_heads: s.Hq, kv_num_heads: s.Hkv, scale: { float: 1 / Math.sqrt(s.D) } },
      },
    ],
    inputs: [
      { name: 'query', type: 'float32', dims: [1, s.L, s.Hq * s.D] },
      { name: 'key', type: 'float32', dims: [1, s.L, s.Hkv * s.D] },
      { name: 'value', type: 'float32', dims: [1, s.L, s.Hkv * s.D] },
      { name: 'seqlens_k', type: 'int32', dims: [1] },
      { name: 'total_sequence_length', type: 'int32', dims: [] },
    ],
    outputs: [{ name: 'output', type: 'float32', dims: [1, s.L, s.Hq * s.D] }],
  });
}

/**
 * Embedding lookup as ONNX `Gather` (axis 0): the `[V, H]` table is a graph initializer, so it lives on the GPU
 * like @nextevent/kernels' table tensor; ids `[L]` int64 in, `[L, H]` out.
 */
export function gatherModel(s: { V: number; H: number; L: number; table: Float32Array }): Uint8Array {
  return buildModel({
    name: 'gather',
    nodes: [{ op: 'Gather', inputs: ['table', 'ids'], outputs: ['Y'], attributes: { axis: 0 } }],
    inputs: [{ name: 'ids', type: 'int64', dims: [s.L] }],
    outputs: [{ name: 'Y', type: 'float32', dims: [s.L, s.H] }],
    initializers: [{ name: 'table', type: 'float32', dims: [s.V, s.H], data: s.table }],
  });
}
