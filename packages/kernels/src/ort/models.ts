/**
 * The oracle and baseline graphs, shaped like the corresponding @nextevent/kernels op: one ONNX operator each,
 * except `sampleModel` and `mropeModel`, small graphs of standard ops where ONNX has no single comparable op.
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

/**
 * Top-k / top-p sampling of one token per row as a graph of standard ONNX ops, the work of @nextevent/kernels'
 * `createSampler` (and of its CPU reference `sampleReference`): logits `[rows, V]`, k int64 `[1]` (the caller
 * clamps it to `min(topK, V, 256)` as ours does), temperature `[1]`, top_p `[1]`, random `[rows, 1]` in
 * [0, 1) → token int64 `[rows, 1]`.
 *
 * TopK (sorted, largest) → Div by temperature → Softmax → exclusive CumSum: keep rank i while the mass before it
 * is < top_p → inclusive CumSum of the kept probabilities; the drawn rank is the number of kept ranks whose
 * cumulative mass is ≤ `random · kept mass` (capped at the last kept rank). ORT's WebGPU EP (1.30) runs no
 * operator on int64 data other than producing TopK's indices, so the token id is not gathered from them: with
 * `v` the drawn rank's logit and `g` the number of top-k values above it, the token is the `(rank − g)`-th
 * (0-based) logit equal to `v` in index order, found by a second TopK over the key `V − i` of the logits equal
 * to `v` (0 elsewhere). That is also the ties policy of ours (equal logits rank by lower index). Differences from
 * ours: softmax and cumulative sums in f32 over normalised probabilities (ours sums unnormalised weights), and
 * the id costs a second pass over the `[rows, V]` logits (Equal, Mul, TopK; ours keeps the ids beside the
 * values). V must be below 2^24 (the keys are f32). A CumSum over the V logits would be simpler, but ORT's
 * WebGPU CumSum alone took 90 ms over V = 18992 on lavapipe, against 21 ms for the TopK.
 */
export function sampleModel(s: { rows: number; V: number }): Uint8Array {
  const { rows, V } = s;
  if (!(Number.isInteger(V) && V >= 1 && V < 2 ** 24)) {
    throw new TypeError(`sampleModel s.V must be an integer in [1, 2^24), got ${V}`);
  }
  return buildModel({
    name: 'sample',
    nodes: [
      { op: 'TopK', inputs: ['logits', 'k'], outputs: ['vals', 'idx'], attributes: { axis: -1 } },
      { op: 'Div', inputs: ['vals', 'temperature'], outputs: ['scaled'] },
      { op: 'Softmax', inputs: ['scaled'], outputs: ['p'], attributes: { axis: -1 } },
      // top-p: the mass before rank i (exclusive prefix sum) below top_p keeps it; rank 0 always has 0 before it
      { op: 'CumSum', inputs: ['p', 'axis'], outputs: ['before'], attributes: { exclusive: 1 } },
      { op: 'Less', inputs: ['before', 'top_p'], outputs: ['keepB'] },
      { op: 'Cast', inputs: ['keepB'], outputs: ['keep'], attributes: { to: 1 } },
      { op: 'Mul', inputs: ['p', 'keep'], outputs: ['kept'] },
      { op: 'CumSum', inputs: ['kept', 'axis'], outputs: ['cum'] },
      { op: 'ReduceSum', inputs: ['kept', 'axes'], outputs: ['mass'], attributes: { keepdims: 1 } },
      { op: 'Mul', inputs: ['random', 'mass'], outputs: ['threshold'] },
      // the first kept rank whose cumulative mass exceeds the threshold = the count of ranks at or below it
      { op: 'LessOrEqual', inputs: ['cum', 'threshold'], outputs: ['belowB'] },
      { op: 'Cast', inputs: ['belowB'], outputs: ['below'], attributes: { to: 1 } },
      { op: 'ReduceSum', inputs: ['below', 'axes'], outputs: ['count'], attributes: { keepdims: 1 } },
      { op: 'ReduceSum', inputs: ['keep', 'axes'], outputs: ['numKept'], attributes: { keepdims: 1 } },
      { op: 'Sub', inputs: ['numKept', 'one'], outputs: ['lastKept'] },
      { op: 'Min', inputs: ['count', 'lastKept'], outputs: ['rank'] },
      // token id of that rank: among the logits equal to its value v, in index order, the (rank − #greater)-th
      // (0-based); every logit above v is among the top-k values, so #greater is counted there
      { op: 'Cast', inputs: ['rank'], outputs: ['rankI'], attributes: { to: 7 } },
      { op: 'GatherElements', inputs: ['vals', 'rankI'], outputs: ['v'], attributes: { axis: 1 } },
      { op: 'Greater', inputs: ['vals', 'v'], outputs: ['gtB'] },
      { op: 'Cast', inputs: ['gtB'], outputs: ['gt'], attributes: { to: 1 } },
      { op: 'ReduceSum', inputs: ['gt', 'axes'], outputs: ['greater'], attributes: { keepdims: 1 } },
      { op: 'Sub', inputs: ['rank', 'greater'], outputs: ['tieRank'] },
      { op: 'Cast', inputs: ['tieRank'], outputs: ['tieRankI'], attributes: { to: 7 } },
      { op: 'Equal', inputs: ['logits', 'v'], outputs: ['eqB'] },
      { op: 'Cast', inputs: ['eqB'], outputs: ['eq'], attributes: { to: 1 } },
      // key V − i for the logits equal to v (larger for lower indices), 0 elsewhere; exact in f32 below 2^24
      { op: 'Mul', inputs: ['eq', 'reverse_index'], outputs: ['key'] },
      { op: 'TopK', inputs: ['key', 'k'], outputs: ['keyTop', 'keyIdx'], attributes: { axis: -1 } },
      { op: 'GatherElements', inputs: ['keyTop', 'tieRankI'], outputs: ['picked'], attributes: { axis: 1 } },
      { op: 'Sub', inputs: ['vocab', 'picked'], outputs: ['tokenF'] },
      { op: 'Cast', inputs: ['tokenF'], outputs: ['token'], attributes: { to: 7 } },
    ],
    inputs: [
      { name: 'logits', type: 'float32', dims: [rows, V] },
      { name: 'k', type: 'int64', dims: [1] },
      { name: 'temperature', type: 'float32', dims: [1] },
      { name: 'top_p', type: 'float32', dims: [1] },
      { name: 'random', type: 'float32', dims: [rows, 1] },
    ],
    outputs: [{ name: 'token', type: 'int64', dims: [rows, 1] }],
    initializers: [
      { name: 'axis', type: 'int64', dims: [], data: BigInt64Array.from([1n]) },
      { name: 'axes', type: 'int64', dims: [1], data: BigInt64Array.from([1n]) },
      { name: 'one', type: 'float32', dims: [1], data: Float32Array.from([1]) },
      { name: 'vocab', type: 'float32', dims: [1], data: Float32Array.from([V]) },
      {
        name: 'reverse_index',
        type: 'float32',
        dims: [V],
        data: Float32Array.from({ length: V }, (_, i) => V - i),
      },
    ],
  });
}

/**
 * Qwen2-VL 3-section mRoPE (rotate-half) as ONNX ops, the work of @nextevent/kernels' `createRope` in `'mrope'`
 * mode: input `[1, L, H*D]`, positions int32 `[3, L]` (t, h, w rows, as ours takes them), position_ids int64
 * `[1, L]` = 0…L−1 → output `[1, L, H*D]`. Opset 21 (ORT's WebGPU EP 1.30 registers Sin/Cos up to opset 21).
 *
 * The per-token cos/sin tables are computed in the graph from the positions: Gather picks, for each of the D/2
 * frequencies, the position row of its section (`mropeSection`, default [16, 24, 24]), Mul by the f32 inverse
 * frequencies `invFreq` (a graph initializer, as HF computes them: see `ropeInvFreq`), Cos and Sin → `[L, D/2]`,
 * then com.microsoft RotaryEmbedding rotates with those tables indexed by position_ids (the identity 0…L−1, fed
 * as an input). Differences from ours: ours computes each angle in the kernel that rotates (with a range
 * reduction before cos/sin) and never materialises the tables; here the tables are an intermediate tensor and
 * cos/sin are the backend's.
 */
export function mropeModel(s: {
  L: number;
  H: number;
  D: number;
  invFreq: Float32Array;
  mropeSection?: readonly number[];
}): Uint8Array {
  const { L, H, D } = s;
  const half = D / 2;
  const sections = s.mropeSection ?? [16, 24, 24];
  const rowOf = new BigInt64Array(half);
  let j = 0;
  sections.forEach((n, row) => {
    for (let i = 0; i < n && j < half; i++, j++) {
      rowOf[j] = BigInt(row);
    }
  });
  return buildModel({
    name: 'mrope',
    opset: 21,
    nodes: [
      { op: 'Cast', inputs: ['positions'], outputs: ['posF'], attributes: { to: 1 } },
      // [3, L] → [D/2, L]: frequency j reads the position row of its section
      { op: 'Gather', inputs: ['posF', 'row_of'], outputs: ['posByFreq'], attributes: { axis: 0 } },
      { op: 'Transpose', inputs: ['posByFreq'], outputs: ['posT'], attributes: { perm: [1, 0] } },
      { op: 'Mul', inputs: ['posT', 'inv_freq'], outputs: ['angle'] },
      { op: 'Cos', inputs: ['angle'], outputs: ['cos'] },
      { op: 'Sin', inputs: ['angle'], outputs: ['sin'] },
      {
        op: 'RotaryEmbedding',
        domain: 'com.microsoft',
        inputs: ['input', 'position_ids', 'cos', 'sin'],
        outputs: ['output'],
        attributes: { interleaved: 0, num_heads: H },
      },
    ],
    inputs: [
      { name: 'input', type: 'float32', dims: [1, L, H * D] },
      { name: 'positions', type: 'int32', dims: [3, L] },
      { name: 'position_ids', type: 'int64', dims: [1, L] },
    ],
    outputs: [{ name: 'output', type: 'float32', dims: [1, L, H * D] }],
    initializers: [
      { name: 'row_of', type: 'int64', dims: [half], data: rowOf },
      { name: 'inv_freq', type: 'float32', dims: [half], data: s.invFreq },
    ],
  });
}
