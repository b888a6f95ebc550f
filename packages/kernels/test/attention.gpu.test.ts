import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  attentionReference,
  createAttention,
  createAttentionDecode,
  createKvCache,
  createKvCacheWrite,
  roundToF16,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;

describe.skipIf(!dev)(`attention on a real adapter (${env.reason ?? 'ok'})`, () => {
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        const tol = dtype === 'f32' ? { abs: 1e-3, rel: 1e-5 } : { abs: 1e-1, rel: 1e-2 };
        const r = (x: Float32Array) => (dtype === 'f16' ? roundToF16(x) : x);
        const prefill: [string, number, number, number, number, boolean, number[] | undefined][] = [
          // name, L, Hq, Hkv, D, causal, cu_seqlens
          ['L=1', 1, 1, 1, 1, true, undefined],
          ['causal GQA L=70 Hq=4 Hkv=2 D=16', 70, 4, 2, 16, true, undefined],
          ['ViT segments cu=[0,5,69,80] D=80 non-causal', 80, 2, 2, 80, false, [0, 5, 69, 80]],
          ['causal segments + GQA 4:1, D=128', 33, 4, 1, 128, true, [0, 20, 33]],
          ['GQA 18:1 (3 head chunks of <= 8), L=66, D=8', 66, 18, 1, 8, true, undefined],
          ['odd head dim D=6 (scalar kernel), GQA 2:1', 9, 2, 1, 6, true, undefined],
          ['largest head dim D=256 (8-key blocks), GQA 2:1', 19, 2, 1, 256, true, undefined],
        ];
        for (const [name, L, Hq, Hkv, D, causal, cu] of prefill) {
          it(`prefill ${name}`, async () => {
            const d = dev!;
            const q = r(randn(L * Hq * D, 51, -2, 2));
            const k = r(randn(L * Hkv * D, 52, -2, 2));
            const v = r(randn(L * Hkv * D, 53));
            const op = createAttention(d, { dtype, numHeads: Hq, numKvHeads: Hkv, headDim: D });
            await op.ready();
            const out = op.run({
              q: uploadTensor(d, q, { shape: [L, Hq, D], dtype }),
              k: uploadTensor(d, k, { shape: [L, Hkv, D], dtype }),
              v: uploadTensor(d, v, { shape: [L, Hkv, D], dtype }),
              causal,
              ...(cu ? { cuSeqlens: uploadTensor(d, cu, { shape: [cu.length], dtype: 'u32' }) } : {}),
            });
            const want = attentionReference(q, k, v, {
              Lq: L,
              Hq,
              Hkv,
              D,
              causal,
              ...(cu ? { cuSeqlens: cu } : {}),
            });
            expect(closeness(await out.readFloat32(), want, tol).message).toBe('ok');
          });
        }
        const decode: [string, number, number, number, number, number, number | undefined][] = [
          // name, pastLen, Lq, Hq, Hkv, D, chunk
          ['first token', 0, 1, 2, 1, 8, undefined],
          ['past 200, split-K chunk 64', 200, 1, 4, 2, 32, 64],
          ['past 129, 3 queries, auto split', 129, 3, 4, 2, 16, undefined],
          ['one chunk, no combine', 10, 1, 2, 2, 64, 256],
          ['GQA 10:1 over 2 head chunks, past 70', 70, 1, 10, 1, 16, 64],
          ['scalar kernel D=6, past 100', 100, 1, 2, 1, 6, 64],
        ];
        for (const [name, past, Lq, Hq, Hkv, D, chunk] of decode) {
          it(`decode ${name}`, async () => {
            const d = dev!;
            const total = past + Lq;
            const kAll = r(randn(total * Hkv * D, 54, -2, 2));
            const vAll = r(randn(total * Hkv * D, 55));
            const q = r(randn(Lq * Hq * D, 56, -2, 2));
            const cache = createKvCache(d, { dtype, numKvHeads: Hkv, headDim: D, capacity: total + 5 });
            const write = createKvCacheWrite(d, { dtype });
            // fill the cache in two appends: the past tokens, then the new ones
            const part = (x: Float32Array, from: number, to: number) => x.slice(from * Hkv * D, to * Hkv * D);
            if (past > 0) {
              write.run({
                k: uploadTensor(d, part(kAll, 0, past), { shape: [past, Hkv, D], dtype }),
                v: uploadTensor(d, part(vAll, 0, past), { shape: [past, Hkv, D], dtype }),
                cache,
                pastLen: 0,
              });
            }
            write.run({
              k: uploadTensor(d, part(kAll, past, total), { shape: [Lq, Hkv, D], dtype }),
              v: uploadTensor(d, part(vAll, past, total), { shape: [Lq, Hkv, D], dtype }),
              cache,
              pastLen: past,
            });
            const op = createAttentionDecode(d, { dtype, numHeads: Hq, numKvHeads: Hkv, headDim: D });
            await op.ready();
            const out = op.run({
              q: uploadTensor(d, q, { shape: [Lq, Hq, D], dtype }),
              cache,
              pastLen: past,
              ...(chunk ? { chunk } : {}),
            });
            const want = attentionReference(q, kAll, vAll, { Lq, Hq, Hkv, D, causal: true, pastLen: past });
            expect(closeness(await out.readFloat32(), want, tol).message).toBe('ok');
            cache.destroy();
          });
        }
      },
    );
  }
});
