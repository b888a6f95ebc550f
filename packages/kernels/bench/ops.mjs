#!/usr/bin/env node
// Kernel benchmark: each @nextevent/kernels op (the BUILT package) against ONNX Runtime's WebGPU EP
// (onnxruntime-node, Dawn) on the same Vulkan adapter, at Qwen2.5-VL-3B shapes divided by --scale
// (default: 8 on software adapters such as lavapipe/SwiftShader, 1 on real GPUs).
// Prints one JSON line per op:
//   {"bench","shape","dtype","ours_ms","ours_e2e_ms","baseline","baseline_ms","ratio", "gbps"?}
// ours_ms: GPU time of the op with inputs resident: --reps runs in one submit (submit → onSubmittedWorkDone) / reps,
// median of --iters submits after --warmup. ours_e2e_ms: upload inputs + op + read the output back, which is what ORT's session.run()
// with CPU tensors measures; ratio = baseline_ms / ours_e2e_ms (> 1: ours is faster). gbps: bytes the op must
// read and write / ours_ms (GEMV is memory bound, so this is the number to hold against the adapter's bandwidth).
// Usage: npm run build -w @nextevent/kernels && npm run bench -w @nextevent/kernels -- [--scale 8] [--iters 10]
//        [--reps 5] [--only gemv-int4,attention-decode] [--no-baseline]
import {
  createArgmax,
  createAttention,
  createAttentionDecode,
  createBinary,
  createEmbedding,
  createGelu,
  createKvCache,
  createLayerNorm,
  createMatmul,
  createMatmulInt4,
  createRmsNorm,
  createRope,
  createSampler,
  createSiluMul,
  createSoftmax,
  quantizeInt4,
  requestDevice,
  ropeInvFreq,
  uploadInt4Weight,
  uploadTensor,
} from '@nextevent/kernels';
import {
  buildModel,
  createOrtSession,
  gatherModel,
  gqaDecodeModel,
  gqaPrefillModel,
  layerNormModel,
  matmulModel,
  matmulNBitsModel,
  mropeModel,
  rmsNormModel,
  rotaryEmbeddingModel,
  sampleModel,
  softmaxModel,
} from '@nextevent/kernels/ort';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const ITERS = Number(opt('iters', '10'));
const WARMUP = Number(opt('warmup', '3'));
const ONLY = opt('only', '')?.split(',').filter(Boolean) ?? [];
const BASELINE = !args.includes('--no-baseline');
const REPS = Number(opt('reps', '5'));

const dev = await requestDevice();
const info = dev.adapterInfo;
const software = /llvmpipe|swiftshader|software/i.test(
  `${info?.description} ${info?.architecture} ${info?.device}`,
);
const SCALE = Number(opt('scale', software ? '8' : '1'));
console.error(
  `[bench] adapter: ${info?.vendor} / ${info?.architecture} / ${info?.description || info?.device}; ` +
    `shader-f16 ${dev.features.shaderF16}; scale 1/${SCALE}; ${WARMUP} warm-up + ${ITERS} timed runs`,
);
const s = (n, min = 1) => Math.max(min, Math.round(n / SCALE));
const s32 = (n) => Math.max(32, Math.round(n / SCALE / 32) * 32);

function rand(n, seed = 1) {
  let x = seed >>> 0 || 1;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x / 4294967296 - 0.5;
  }
  return out;
}
const median = (xs) => {
  const v = [...xs].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
};

async function timeGpu(encode) {
  // REPS runs recorded into one encoder and one submit, so the per-submit overhead (~0.1 ms on real GPUs) does not
  // swamp small ops; the median over ITERS submits, divided by REPS
  const times = [];
  for (let i = 0; i < WARMUP + ITERS; i++) {
    const t0 = performance.now();
    const enc = dev.gpu.createCommandEncoder();
    const outs = [];
    for (let r = 0; r < REPS; r++) {
      outs.push(encode(enc));
    }
    dev.gpu.queue.submit([enc.finish()]);
    await dev.gpu.queue.onSubmittedWorkDone();
    const t1 = performance.now();
    if (i >= WARMUP) {
      times.push((t1 - t0) / REPS);
    }
    for (const out of outs) {
      if (out && typeof out.destroy === 'function') {
        out.destroy();
      }
    }
  }
  return median(times);
}

async function timeE2e(upload, encode) {
  const times = [];
  for (let i = 0; i < WARMUP + ITERS; i++) {
    const t0 = performance.now();
    const inputs = upload();
    const enc = dev.gpu.createCommandEncoder();
    const out = encode(enc, inputs);
    dev.gpu.queue.submit([enc.finish()]);
    await out.read();
    const t1 = performance.now();
    if (i >= WARMUP) {
      times.push(t1 - t0);
    }
    out.destroy();
    for (const t of Object.values(inputs)) {
      t.destroy?.();
    }
  }
  return median(times);
}

async function timeOrt(model, feeds) {
  if (!BASELINE || !model) {
    return null;
  }
  let session;
  try {
    // no silent CPU fallback: a graph ORT's WebGPU EP cannot run is reported as a missing baseline
    session = await createOrtSession(model, {
      executionProvider: 'webgpu',
      graphOptimizationLevel: 'all',
      cpuFallback: false,
    });
  } catch (e) {
    console.error(`[bench] ORT WebGPU EP cannot run this graph: ${String(e?.message ?? e).slice(0, 160)}`);
    return null;
  }
  const times = [];
  for (let i = 0; i < WARMUP + ITERS; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    const t1 = performance.now();
    if (i >= WARMUP) {
      times.push(t1 - t0);
    }
  }
  await session.release();
  return median(times);
}

const f32 = (dims, data) => ({ type: 'float32', dims, data });
const round = (x) => (x === null ? null : Math.round(x * 1000) / 1000);

async function bench(name, shape, run) {
  if (ONLY.length && !ONLY.includes(name)) {
    return;
  }
  try {
    const r = await run();
    const line = {
      bench: name,
      shape,
      dtype: r.dtype ?? 'f32',
      ours_ms: round(r.ours),
      ours_e2e_ms: round(r.e2e ?? null),
      baseline: r.baselineName === undefined ? 'ort-webgpu' : r.baselineName,
      baseline_ms: round(r.baseline ?? null),
      ratio: r.baseline && r.e2e ? Math.round((r.baseline / r.e2e) * 100) / 100 : null,
    };
    if (r.bytes) {
      line.gbps = Math.round((r.bytes / (r.ours / 1000) / 1e9) * 1000) / 1000;
    }
    if (r.note) {
      line.note = r.note;
    }
    console.log(JSON.stringify(line));
  } catch (e) {
    console.log(JSON.stringify({ bench: name, shape, error: String(e?.message ?? e) }));
  }
}

// ---- matmul (prefill projection, Linear layout: every ViT/LLM GEMM) and dense GEMV (decode) ----
{
  const M = s(256),
    K = s(2048),
    N = s(2048);
  const a = rand(M * K, 1),
    b = rand(N * K, 2);
  const mm = createMatmul(dev, { transposeB: true });
  const ta = uploadTensor(dev, a, { shape: [M, K] }),
    tb = uploadTensor(dev, b, { shape: [N, K] });
  await bench('matmul', { M, K, N, transposeB: true }, async () => ({
    ours: await timeGpu((enc) => mm.run({ a: ta, b: tb }, enc)),
    e2e: await timeE2e(
      () => ({ a: uploadTensor(dev, a, { shape: [M, K] }) }),
      (enc, i) => mm.run({ a: i.a, b: tb }, enc),
    ),
    baseline: await timeOrt(matmulModel({ M, K, N, transposeB: true }), {
      A: f32([M, K], a),
      B: f32([N, K], b),
    }),
  }));
}
{
  const K = s(2048),
    N = s(11008);
  const x = rand(K, 3),
    w = rand(N * K, 4);
  const mm = createMatmul(dev, { transposeB: true });
  const tx = uploadTensor(dev, x, { shape: [1, K] }),
    tw = uploadTensor(dev, w, { shape: [N, K] });
  await bench('gemv', { M: 1, K, N }, async () => ({
    ours: await timeGpu((enc) => mm.run({ a: tx, b: tw }, enc)),
    e2e: await timeE2e(
      () => ({ x: uploadTensor(dev, x, { shape: [1, K] }) }),
      (enc, i) => mm.run({ a: i.x, b: tw }, enc),
    ),
    baseline: await timeOrt(matmulModel({ M: 1, K, N, transposeB: true }), {
      A: f32([1, K], x),
      B: f32([N, K], w),
    }),
    bytes: N * K * 4 + K * 4 + N * 4,
  }));
}
// ---- int4 weight-only GEMV / GEMM (MatMulNBits) ----
for (const [name, M0] of [
  ['gemv-int4', 1],
  ['matmul-int4', 256],
]) {
  const M = M0 === 1 ? 1 : s(M0),
    K = s32(2048),
    N = s(11008),
    G = 32;
  const q = quantizeInt4(rand(N * K, 5), N, K, G);
  const x = rand(M * K, 6);
  const op = createMatmulInt4(dev);
  const w = uploadInt4Weight(dev, q);
  const tx = uploadTensor(dev, x, { shape: [M, K] });
  await bench(name, { M, K, N, group: G }, async () => ({
    ours: await timeGpu((enc) => op.run({ x: tx, weight: w }, enc)),
    e2e: await timeE2e(
      () => ({ x: uploadTensor(dev, x, { shape: [M, K] }) }),
      (enc, i) => op.run({ x: i.x, weight: w }, enc),
    ),
    baseline: await timeOrt(matmulNBitsModel({ M, K, N, blockSize: G }), {
      A: f32([M, K], x),
      B: { type: 'uint8', dims: [N, K / G, G / 2], data: new Uint8Array(q.qweight.buffer) },
      scales: f32([(N * K) / G], q.scales),
    }),
    bytes: (N * K) / 2 + ((N * K) / G) * 4 + M * K * 4 + M * N * 4,
  }));
}
// ---- norms, softmax, elementwise ----
for (const [name, rows0, H0] of [
  ['rmsnorm', 256, 2048],
  ['layernorm', 1024, 1280],
  ['softmax', 16 * 256, 256],
]) {
  const rows = s(rows0),
    H = s(H0);
  const x = rand(rows * H, 7),
    w = rand(H, 8),
    b = rand(H, 9);
  const tw = uploadTensor(dev, w, { shape: [H] }),
    tb = uploadTensor(dev, b, { shape: [H] });
  const tx = uploadTensor(dev, x, { shape: [rows, H] });
  const op =
    name === 'rmsnorm'
      ? createRmsNorm(dev)
      : name === 'layernorm'
        ? createLayerNorm(dev, { eps: 1e-6 })
        : createSoftmax(dev);
  const runOp = (enc, xx) =>
    name === 'softmax'
      ? op.run({ x: xx }, enc)
      : op.run({ x: xx, weight: tw, ...(name === 'layernorm' ? { bias: tb } : {}) }, enc);
  const model =
    name === 'rmsnorm'
      ? rmsNormModel({ rows, H, eps: 1e-6 })
      : name === 'layernorm'
        ? layerNormModel({ rows, H, eps: 1e-6 })
        : softmaxModel({ rows, C: H });
  const feeds =
    name === 'softmax'
      ? { X: f32([rows, H], x) }
      : { X: f32([rows, H], x), scale: f32([H], w), ...(name === 'layernorm' ? { bias: f32([H], b) } : {}) };
  await bench(name, { rows, H }, async () => ({
    ours: await timeGpu((enc) => runOp(enc, tx)),
    e2e: await timeE2e(
      () => ({ x: uploadTensor(dev, x, { shape: [rows, H] }) }),
      (enc, i) => runOp(enc, i.x),
    ),
    baseline: await timeOrt(model, feeds),
    bytes: rows * H * 8,
  }));
}
{
  const rows = s(256),
    I = s(11008);
  const gu = rand(rows * 2 * I, 10);
  const op = createSiluMul(dev);
  const t = uploadTensor(dev, gu, { shape: [rows, 2 * I] });
  // ORT: Split + Sigmoid + Mul + Mul (what an exported SwiGLU looks like)
  const model = buildModel({
    name: 'swiglu',
    nodes: [
      { op: 'Split', inputs: ['X'], outputs: ['g', 'u'], attributes: { axis: -1, num_outputs: 2 } },
      { op: 'Sigmoid', inputs: ['g'], outputs: ['sg'] },
      { op: 'Mul', inputs: ['g', 'sg'], outputs: ['silu'] },
      { op: 'Mul', inputs: ['silu', 'u'], outputs: ['Y'] },
    ],
    inputs: [{ name: 'X', type: 'float32', dims: [rows, 2 * I] }],
    outputs: [{ name: 'Y', type: 'float32', dims: [rows, I] }],
  });
  await bench('silu-mul', { rows, I }, async () => ({
    ours: await timeGpu((enc) => op.run({ gateUp: t }, enc)),
    e2e: await timeE2e(
      () => ({ x: uploadTensor(dev, gu, { shape: [rows, 2 * I] }) }),
      (enc, i) => op.run({ gateUp: i.x }, enc),
    ),
    baseline: await timeOrt(model, { X: f32([rows, 2 * I], gu) }),
    bytes: rows * I * 12,
  }));
}
for (const [name, n0] of [
  ['add', 256 * 2048],
  ['gelu', 1024 * 5120],
]) {
  const n = s(n0);
  const a = rand(n, 11),
    b = rand(n, 12);
  const ta = uploadTensor(dev, a, { shape: [n] }),
    tb = uploadTensor(dev, b, { shape: [n] });
  const op = name === 'add' ? createBinary(dev, { op: 'add' }) : createGelu(dev, { variant: 'erf' });
  const runOp = (enc, x) => (name === 'add' ? op.run({ a: x, b: tb }, enc) : op.run({ x }, enc));
  const model = buildModel({
    name,
    opset: 20,
    nodes: [
      { op: name === 'add' ? 'Add' : 'Gelu', inputs: name === 'add' ? ['A', 'B'] : ['A'], outputs: ['Y'] },
    ],
    inputs: [
      { name: 'A', type: 'float32', dims: [n] },
      ...(name === 'add' ? [{ name: 'B', type: 'float32', dims: [n] }] : []),
    ],
    outputs: [{ name: 'Y', type: 'float32', dims: [n] }],
  });
  await bench(name, { n }, async () => ({
    ours: await timeGpu((enc) => runOp(enc, ta)),
    e2e: await timeE2e(
      () => ({ a: uploadTensor(dev, a, { shape: [n] }) }),
      (enc, i) => runOp(enc, i.a),
    ),
    baseline: await timeOrt(model, name === 'add' ? { A: f32([n], a), B: f32([n], b) } : { A: f32([n], a) }),
    bytes: n * (name === 'add' ? 12 : 8),
  }));
}
// ---- attention ----
{
  const L = s(256, 4),
    Hq = 16,
    Hkv = 2,
    D = 128;
  const q = rand(L * Hq * D, 13),
    k = rand(L * Hkv * D, 14),
    v = rand(L * Hkv * D, 15);
  const op = createAttention(dev, { numHeads: Hq, numKvHeads: Hkv, headDim: D });
  const tq = uploadTensor(dev, q, { shape: [L, Hq, D] }),
    tk = uploadTensor(dev, k, { shape: [L, Hkv, D] }),
    tv = uploadTensor(dev, v, { shape: [L, Hkv, D] });
  await bench('attention-prefill', { L, Hq, Hkv, D, causal: true }, async () => ({
    note: 'ORT: com.microsoft GroupQueryAttention (causal prefill, no past)',
    ours: await timeGpu((enc) => op.run({ q: tq, k: tk, v: tv, causal: true }, enc)),
    e2e: await timeE2e(
      () => ({ q: uploadTensor(dev, q, { shape: [L, Hq, D] }) }),
      (enc, i) => op.run({ q: i.q, k: tk, v: tv, causal: true }, enc),
    ),
    baseline: await timeOrt(gqaPrefillModel({ L, Hq, Hkv, D }), {
      query: f32([1, L, Hq * D], q),
      key: f32([1, L, Hkv * D], k),
      value: f32([1, L, Hkv * D], v),
      seqlens_k: { type: 'int32', dims: [1], data: Int32Array.from([L - 1]) },
      total_sequence_length: { type: 'int32', dims: [], data: Int32Array.from([L]) },
    }),
  }));
}
{
  const past = s(1024, 8),
    Hq = 16,
    Hkv = 2,
    D = 128;
  const cache = createKvCache(dev, { numKvHeads: Hkv, headDim: D, capacity: past + 1 });
  const kc = rand(Hkv * (past + 1) * D, 16),
    vc = rand(Hkv * (past + 1) * D, 17),
    q = rand(Hq * D, 18);
  dev.gpu.queue.writeBuffer(cache.k.buffer, 0, kc);
  dev.gpu.queue.writeBuffer(cache.v.buffer, 0, vc);
  const op = createAttentionDecode(dev, { numHeads: Hq, numKvHeads: Hkv, headDim: D });
  const tq = uploadTensor(dev, q, { shape: [1, Hq, D] });
  const pastK = new Float32Array(Hkv * past * D),
    pastV = new Float32Array(Hkv * past * D);
  for (let g = 0; g < Hkv; g++) {
    pastK.set(kc.subarray(g * (past + 1) * D, g * (past + 1) * D + past * D), g * past * D);
    pastV.set(vc.subarray(g * (past + 1) * D, g * (past + 1) * D + past * D), g * past * D);
  }
  await bench('attention-decode', { past, Hq, Hkv, D }, async () => ({
    ours: await timeGpu((enc) => op.run({ q: tq, cache, pastLen: past }, enc)),
    e2e: await timeE2e(
      () => ({ q: uploadTensor(dev, q, { shape: [1, Hq, D] }) }),
      (enc, i) => op.run({ q: i.q, cache, pastLen: past }, enc),
    ),
    baseline: await timeOrt(gqaDecodeModel({ past, Hq, Hkv, D }), {
      query: f32([1, 1, Hq * D], q),
      key: f32([1, 1, Hkv * D], kc.subarray(past * D, past * D + Hkv * D)),
      value: f32([1, 1, Hkv * D], vc.subarray(past * D, past * D + Hkv * D)),
      past_key: f32([1, Hkv, past, D], pastK),
      past_value: f32([1, Hkv, past, D], pastV),
      seqlens_k: { type: 'int32', dims: [1], data: Int32Array.from([past]) },
      total_sequence_length: { type: 'int32', dims: [], data: Int32Array.from([past + 1]) },
    }),
    bytes: 2 * Hkv * (past + 1) * D * 4,
  }));
}
// ---- embedding, argmax, sampling, rope ----
{
  const V = s(151936),
    H = s(2048),
    L = 16;
  const table = rand(V * H, 19);
  const ids = Uint32Array.from({ length: L }, (_, i) => (i * 7919) % V);
  const op = createEmbedding(dev);
  const tt = uploadTensor(dev, table, { shape: [V, H] }),
    ti = uploadTensor(dev, ids, { shape: [L], dtype: 'u32' });
  await bench('embedding', { V, H, L }, async () => ({
    ours: await timeGpu((enc) => op.run({ ids: ti, table: tt }, enc)),
    e2e: await timeE2e(
      () => ({ i: uploadTensor(dev, ids, { shape: [L], dtype: 'u32' }) }),
      (enc, i) => op.run({ ids: i.i, table: tt }, enc),
    ),
    // ORT Gather with the table as a graph initializer (uploaded once, GPU-resident like ours); ids fed per run
    baseline: await timeOrt(gatherModel({ V, H, L, table }), {
      ids: { type: 'int64', dims: [L], data: BigInt64Array.from(ids, (v) => BigInt(v)) },
    }),
    bytes: L * H * 4 * 2,
  }));
}
{
  const V = s(151936, 1000);
  const logits = rand(V, 20);
  const tl = uploadTensor(dev, logits, { shape: [1, V] });
  const am = createArgmax(dev);
  const model = buildModel({
    name: 'argmax',
    nodes: [{ op: 'ArgMax', inputs: ['X'], outputs: ['Y'], attributes: { axis: -1, keepdims: 0 } }],
    inputs: [{ name: 'X', type: 'float32', dims: [1, V] }],
    outputs: [{ name: 'Y', type: 'int64', dims: [1] }],
  });
  await bench('argmax', { V }, async () => ({
    ours: await timeGpu((enc) => am.run({ logits: tl }, enc)),
    e2e: await timeE2e(
      () => ({ l: uploadTensor(dev, logits, { shape: [1, V] }) }),
      (enc, i) => am.run({ logits: i.l }, enc),
    ),
    baseline: await timeOrt(model, { X: f32([1, V], logits) }),
    bytes: V * 4,
  }));
  const sampler = createSampler(dev);
  await bench('sample', { V, topK: 50, topP: 0.9 }, async () => ({
    ours: await timeGpu((enc) => sampler.run({ logits: tl, random: 0.5, topK: 50, topP: 0.9 }, enc)),
    e2e: await timeE2e(
      () => ({ l: uploadTensor(dev, logits, { shape: [1, V] }) }),
      (enc, i) => sampler.run({ logits: i.l, random: 0.5, topK: 50, topP: 0.9 }, enc),
    ),
    // ORT: the same warpers and draw as a graph of standard ONNX ops (sampleModel), one row
    baseline: await timeOrt(sampleModel({ rows: 1, V }), {
      logits: f32([1, V], logits),
      k: { type: 'int64', dims: [1], data: BigInt64Array.from([50n]) },
      temperature: f32([1], Float32Array.from([1])),
      top_p: f32([1], Float32Array.from([0.9])),
      random: f32([1, 1], Float32Array.from([0.5])),
    }),
    note:
      'ORT: TopK → Softmax → CumSum top-p → inverse-CDF rank as standard ONNX ops, all on the WebGPU EP; the id ' +
      'comes from a second TopK over the logits equal to the drawn value (the EP runs nothing on int64 indices)',
  }));
}
{
  const L = s(256, 4),
    H = 16,
    D = 128;
  const x = rand(L * H * D, 21);
  const pos = Int32Array.from({ length: 3 * L }, (_, i) => i % L);
  const op = createRope(dev, { headDim: D, mode: 'mrope' });
  const tx = uploadTensor(dev, x, { shape: [L, H, D] }),
    tp = uploadTensor(dev, pos, { shape: [3, L], dtype: 'i32' });
  await bench('mrope', { L, H, D }, async () => ({
    ours: await timeGpu((enc) => op.run({ x: tx, positions: tp }, enc)),
    e2e: await timeE2e(
      () => ({ x: uploadTensor(dev, x, { shape: [L, H, D] }) }),
      (enc, i) => op.run({ x: i.x, positions: tp }, enc),
    ),
    baseline: await timeOrt(mropeModel({ L, H, D, invFreq: ropeInvFreq('mrope', D, 1e6) }), {
      input: f32([1, L, H * D], x),
      positions: { type: 'int32', dims: [3, L], data: pos },
      position_ids: {
        type: 'int64',
        dims: [1, L],
        data: BigInt64Array.from({ length: L }, (_, i) => BigInt(i)),
      },
    }),
    bytes: L * H * D * 8,
    note:
      'ORT: cos/sin [L, D/2] computed in-graph from the [3, L] positions (Gather by section, Mul, Cos, Sin), then ' +
      'com.microsoft RotaryEmbedding; precomputed: inverse frequencies (initializer), position_ids 0…L-1 (fed)',
  }));
}
{
  const L = s(256, 4),
    H = 16,
    D = 128,
    maxPos = 4096;
  const x = rand(L * H * D, 22);
  const pos = Int32Array.from({ length: L }, (_, i) => (i * 13) % maxPos);
  const op = createRope(dev, { headDim: D, mode: 'text' });
  const tx = uploadTensor(dev, x, { shape: [L, H, D] }),
    tp = uploadTensor(dev, pos, { shape: [1, L], dtype: 'i32' });
  const inv = ropeInvFreq('text', D, 1e6);
  const cos = new Float32Array(maxPos * (D / 2)),
    sin = new Float32Array(maxPos * (D / 2));
  for (let p = 0; p < maxPos; p++) {
    for (let j = 0; j < D / 2; j++) {
      const a = Math.fround(p * inv[j]);
      cos[p * (D / 2) + j] = Math.cos(a);
      sin[p * (D / 2) + j] = Math.sin(a);
    }
  }
  await bench('rope', { L, H, D }, async () => ({
    ours: await timeGpu((enc) => op.run({ x: tx, positions: tp }, enc)),
    e2e: await timeE2e(
      () => ({ x: uploadTensor(dev, x, { shape: [L, H, D] }) }),
      (enc, i) => op.run({ x: i.x, positions: tp }, enc),
    ),
    baseline: await timeOrt(rotaryEmbeddingModel({ L, H, D, maxPos }), {
      input: f32([1, L, H * D], x),
      position_ids: { type: 'int64', dims: [1, L], data: BigInt64Array.from(pos, (p) => BigInt(p)) },
      cos_cache: f32([maxPos, D / 2], cos),
      sin_cache: f32([maxPos, D / 2], sin),
    }),
    bytes: L * H * D * 8,
    note: 'ORT: com.microsoft RotaryEmbedding with precomputed cos/sin caches (ours computes them in-kernel)',
  }));
}
dev.destroy();
process.exit(0);
