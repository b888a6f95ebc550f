#!/usr/bin/env node
// Writes test/cases/<op>.json: seeded random inputs and the outputs of ONNX Runtime's CPU EP (the oracle), in
// the format of onnxruntime-web's op tests (name, operator, attributes, cases[{name, inputs, outputs}] with
// {data, dims, type}). The CPU references, the WebGPU kernels and the ORT path all run these files.
// Usage: npm run build -w @nextevent/kernels && node packages/kernels/scripts/make-op-cases.mjs
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  attentionModel,
  createOrtSession,
  gqaDecodeModel,
  layerNormModel,
  matmulModel,
  matmulNBitsModel,
  rmsNormModel,
  softmaxModel,
} from '../dist/ort.js';
import { quantizeInt4 } from '../dist/index.js';

const OUT = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'cases');

function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}
const rand = (n, seed, lo = -1, hi = 1) => {
  const r = rng(seed);
  // rounded to 1/1024 so the JSON stays short and every value is exact in f32 (and f16 for |x| < 2)
  return Float32Array.from({ length: n }, () => Math.round((lo + (hi - lo) * r()) * 1024) / 1024);
};
const t = (type, dims, data) => ({ name: undefined, type, dims, data: [...data] });
const named = (name, x) => ({ ...x, name });

async function oracle(model, feeds) {
  const s = await createOrtSession(model);
  const ortFeeds = {};
  for (const f of feeds) {
    const Arr = { float32: Float32Array, uint8: Uint8Array, int32: Int32Array, bool: Uint8Array }[f.type];
    ortFeeds[f.name] = { type: f.type, dims: f.dims, data: Arr.from(f.data) };
  }
  const out = await s.run(ortFeeds);
  await s.release();
  return Object.entries(out).map(([name, v]) => ({ name, type: v.type, dims: v.dims, data: [...v.data] }));
}

function save(op, doc) {
  mkdirSync(OUT, { recursive: true });
  const file = join(OUT, `${op}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(doc)}\n`);
  renameSync(`${file}.tmp`, file);
  console.log(`wrote ${file} (${doc.cases.length} cases)`);
}

let seed = 1000;
const source = 'onnxruntime-node 1.30.0, CPU EP, graph optimisation disabled (scripts/make-op-cases.mjs)';

// matmul: MatMul, or Gemm(transB) for the Linear layout
{
  const cases = [];
  for (const [name, batch, M, K, N, transposeB] of [
    ['1x1x1', 0, 1, 1, 1, false],
    ['odd 33x45 . 45x17', 0, 33, 45, 17, false],
    ['gemv 1x67 . (9x67)^T', 0, 1, 67, 9, true],
    ['transB 37x31 . (65x31)^T', 0, 37, 31, 65, true],
    ['batched 3x9x11 . 11x10', 3, 9, 11, 10, false],
  ]) {
    const a = rand((batch || 1) * M * K, seed++);
    const b = rand(K * N, seed++);
    const inputs = [
      named('A', t('float32', batch ? [batch, M, K] : [M, K], a)),
      named('B', t('float32', transposeB ? [N, K] : [K, N], b)),
    ];
    cases.push({
      name,
      attributes: { transposeB },
      inputs,
      outputs: await oracle(matmulModel({ ...(batch ? { batch } : {}), M, K, N, transposeB }), inputs),
    });
  }
  save('matmul', { name: 'matmul', operator: 'MatMul / Gemm(transB=1)', source, cases });
}

// matmul-int4: com.microsoft MatMulNBits
{
  const cases = [];
  for (const [name, M, K, N, G] of [
    ['gemv M=1 K=64 N=5 G=32', 1, 64, 5, 32],
    ['gemm M=6 K=128 N=3 G=64', 6, 128, 3, 64],
    ['M=2 K=256 N=4 G=128', 2, 256, 4, 128],
  ]) {
    const q = quantizeInt4(rand(N * K, seed++), N, K, G);
    const inputs = [
      named('A', t('float32', [M, K], rand(M * K, seed++))),
      named('B', t('uint8', [N, K / G, G / 2], new Uint8Array(q.qweight.buffer))),
      named('scales', t('float32', [(N * K) / G], q.scales)),
    ];
    cases.push({
      name,
      attributes: { K, N, bits: 4, block_size: G },
      inputs,
      outputs: await oracle(matmulNBitsModel({ M, K, N, blockSize: G }), inputs),
    });
  }
  save('matmul-int4', {
    name: 'matmul-int4',
    operator: 'com.microsoft.MatMulNBits (bits 4, no zero points)',
    source,
    cases,
  });
}

// softmax, rmsnorm, layernorm over rows
for (const op of ['softmax', 'rmsnorm', 'layernorm']) {
  const cases = [];
  for (const [rows, H] of [
    [1, 1],
    [3, 65],
    [2, 300],
  ]) {
    const eps = op === 'layernorm' ? 1e-5 : 1e-6;
    const x = rand(rows * H, seed++, op === 'softmax' ? -8 : -2, op === 'softmax' ? 8 : 2);
    const inputs = [named('X', t('float32', [rows, H], x))];
    let model;
    if (op === 'softmax') {
      model = softmaxModel({ rows, C: H });
    } else {
      inputs.push(named('scale', t('float32', [H], rand(H, seed++, 0.5, 1.5))));
      if (op === 'layernorm') {
        inputs.push(named('bias', t('float32', [H], rand(H, seed++))));
      }
      model = op === 'rmsnorm' ? rmsNormModel({ rows, H, eps }) : layerNormModel({ rows, H, eps });
    }
    cases.push({
      name: `[${rows}, ${H}]`,
      attributes: op === 'softmax' ? { axis: -1 } : { axis: -1, epsilon: eps },
      inputs,
      outputs: await oracle(model, inputs),
    });
  }
  const operator = {
    softmax: 'Softmax(axis=-1)',
    rmsnorm: 'SimplifiedLayerNormalization',
    layernorm: 'LayerNormalization',
  }[op];
  save(op, { name: op, operator, source, cases });
}

// attention prefill: ONNX Attention-23 (3-D inputs), segments as a block-diagonal boolean mask
{
  const cases = [];
  for (const [name, L, Hq, Hkv, D, causal, cu] of [
    ['L=1', 1, 1, 1, 4, true, null],
    ['causal GQA L=7 Hq=4 Hkv=2 D=8', 7, 4, 2, 8, true, null],
    ['segments cu=[0,4,9] non-causal D=16', 9, 2, 2, 16, false, [0, 4, 9]],
  ]) {
    const inputs = [
      named('Q', t('float32', [1, L, Hq * D], rand(L * Hq * D, seed++, -2, 2))),
      named('K', t('float32', [1, L, Hkv * D], rand(L * Hkv * D, seed++, -2, 2))),
      named('V', t('float32', [1, L, Hkv * D], rand(L * Hkv * D, seed++))),
    ];
    if (cu) {
      const mask = [];
      for (let i = 0; i < L; i++) {
        for (let j = 0; j < L; j++) {
          const seg = (x) => cu.findIndex((c, s) => x >= c && x < cu[s + 1]);
          mask.push(seg(i) === seg(j) ? 1 : 0);
        }
      }
      inputs.push(named('mask', t('bool', [L, L], mask)));
    }
    const outputs = await oracle(attentionModel({ L, Hq, Hkv, D, causal, mask: !!cu }), inputs);
    cases.push({ name, attributes: { Hq, Hkv, D, causal, cuSeqlens: cu }, inputs, outputs });
  }
  save('attention', { name: 'attention', operator: 'Attention (opset 23)', source, cases });
}

// attention decode: com.microsoft GroupQueryAttention with a past cache
{
  const cases = [];
  for (const [name, past, Hq, Hkv, D] of [
    ['past 5, GQA 4:2, D=8', 5, 4, 2, 8],
    ['past 70, GQA 2:1, D=16', 70, 2, 1, 16],
  ]) {
    const inputs = [
      named('query', t('float32', [1, 1, Hq * D], rand(Hq * D, seed++, -2, 2))),
      named('key', t('float32', [1, 1, Hkv * D], rand(Hkv * D, seed++, -2, 2))),
      named('value', t('float32', [1, 1, Hkv * D], rand(Hkv * D, seed++))),
      named('past_key', t('float32', [1, Hkv, past, D], rand(Hkv * past * D, seed++, -2, 2))),
      named('past_value', t('float32', [1, Hkv, past, D], rand(Hkv * past * D, seed++))),
      named('seqlens_k', t('int32', [1], [past])),
      named('total_sequence_length', t('int32', [], [past + 1])),
    ];
    const outputs = (await oracle(gqaDecodeModel({ past, Hq, Hkv, D }), inputs)).filter(
      (o) => o.name === 'output',
    );
    cases.push({ name, attributes: { past, Hq, Hkv, D }, inputs, outputs });
  }
  save('attention-decode', {
    name: 'attention-decode',
    operator: 'com.microsoft.GroupQueryAttention',
    source,
    cases,
  });
}
