// Tier 2 on the shared JSON cases: the WebGPU kernels against ONNX Runtime's stored outputs.
import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  createAttention,
  createAttentionDecode,
  createKvCache,
  createKvCacheWrite,
  createLayerNorm,
  createMatmul,
  createMatmulInt4,
  createRmsNorm,
  createSoftmax,
  uploadTensor,
  wrapDevice,
  type KernelDevice,
  type Tensor,
} from '@nextevent/kernels';
import { CASES, decodeKv, input, type OpCase } from './cases.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const TOL = { abs: 1e-3, rel: 1e-5 };

function up(d: KernelDevice, c: OpCase, name: string, shape?: number[]): Tensor {
  const t = input(c, name);
  return uploadTensor(d, Float32Array.from(t.data), { shape: shape ?? t.dims });
}

function run(d: KernelDevice, op: string, c: OpCase): Tensor {
  const a = c.attributes;
  switch (op) {
    case 'matmul':
      return createMatmul(d, { transposeB: a.transposeB as boolean }).run({
        a: up(d, c, 'A'),
        b: up(d, c, 'B'),
      });
    case 'matmul-int4': {
      const { K, N, block_size: G } = a as { K: number; N: number; block_size: number };
      const bytes = Uint8Array.from(input(c, 'B').data);
      const weight = {
        qweight: uploadTensor(d, bytes, { shape: [N, K], dtype: 'int4' }),
        scales: up(d, c, 'scales', [N, K / G]),
        groupSize: G,
      };
      return createMatmulInt4(d).run({ x: up(d, c, 'A'), weight });
    }
    case 'softmax':
      return createSoftmax(d).run({ x: up(d, c, 'X') });
    case 'rmsnorm':
      return createRmsNorm(d, { eps: a.epsilon as number }).run({
        x: up(d, c, 'X'),
        weight: up(d, c, 'scale'),
      });
    case 'layernorm':
      return createLayerNorm(d, { eps: a.epsilon as number }).run({
        x: up(d, c, 'X'),
        weight: up(d, c, 'scale'),
        bias: up(d, c, 'bias'),
      });
    case 'attention': {
      const { Hq, Hkv, D, causal, cuSeqlens } = a as {
        Hq: number;
        Hkv: number;
        D: number;
        causal: boolean;
        cuSeqlens: number[] | null;
      };
      const L = input(c, 'Q').dims[1]!;
      return createAttention(d, { numHeads: Hq, numKvHeads: Hkv, headDim: D }).run({
        q: up(d, c, 'Q', [L, Hq, D]),
        k: up(d, c, 'K', [L, Hkv, D]),
        v: up(d, c, 'V', [L, Hkv, D]),
        causal,
        ...(cuSeqlens
          ? { cuSeqlens: uploadTensor(d, cuSeqlens, { shape: [cuSeqlens.length], dtype: 'u32' }) }
          : {}),
      });
    }
    default: {
      const { k, v, past, Hkv, D } = decodeKv(c);
      const Hq = a.Hq as number;
      const cache = createKvCache(d, { numKvHeads: Hkv, headDim: D, capacity: past + 1 });
      createKvCacheWrite(d).run({
        k: uploadTensor(d, k, { shape: [past + 1, Hkv, D] }),
        v: uploadTensor(d, v, { shape: [past + 1, Hkv, D] }),
        cache,
        pastLen: 0,
      });
      return createAttentionDecode(d, { numHeads: Hq, numKvHeads: Hkv, headDim: D }).run({
        q: up(d, c, 'query', [1, Hq, D]),
        cache,
        pastLen: past,
        chunk: 64,
      });
    }
  }
}

describe.skipIf(!dev)(`JSON op cases on a real adapter (${env.reason ?? 'ok'})`, () => {
  for (const [op, file] of Object.entries(CASES)) {
    for (const c of file.cases) {
      it(`${op}: ${c.name} == ORT (${file.operator})`, async () => {
        const out = run(dev!, op, c);
        expect(closeness(await out.readFloat32(), c.outputs[0]!.data, TOL).message).toBe('ok');
      });
    }
  }
});
