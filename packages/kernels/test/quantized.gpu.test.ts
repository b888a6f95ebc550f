import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  createDequantizeInt4,
  createEmbedding,
  createMatmulInt4,
  dequantizeInt4Reference,
  dequantizeInt8Reference,
  embeddingReference,
  matmulReference,
  quantizeInt4,
  quantizeInt8,
  roundToF16,
  uploadInt4Weight,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;

describe.skipIf(!dev)(`int4/int8 ops on a real adapter (${env.reason ?? 'ok'})`, () => {
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        const tol = dtype === 'f32' ? { abs: 1e-3, rel: 1e-5 } : { abs: 1e-1, rel: 1e-2 };
        const cases: [number, number, number, number][] = [
          // M, N, K, group
          [1, 1, 32, 32],
          [1, 67, 128, 64],
          [3, 33, 256, 128],
          [5, 19, 64, 32],
          [37, 70, 96, 32],
          [16, 65, 96, 32], // 16x64 tiles, partial in N
          [32, 33, 64, 64], // 32x32 tiles, one group over two K steps
          [65, 130, 256, 128], // 64x64 tiles, partial in M and N
        ];
        for (const [M, N, K, G] of cases) {
          it(`matmul-int4 M=${M} N=${N} K=${K} G=${G} (${M <= 4 ? 'gemv' : 'gemm'})`, async () => {
            const d = dev!;
            const q = quantizeInt4(randn(N * K, 41), N, K, G);
            if (dtype === 'f16') {
              q.scales = roundToF16(q.scales);
            }
            const x = dtype === 'f16' ? roundToF16(randn(M * K, 42)) : randn(M * K, 42);
            const bias = dtype === 'f16' ? roundToF16(randn(N, 43)) : randn(N, 43);
            const w = uploadInt4Weight(d, q, dtype);
            const op = createMatmulInt4(d, { dtype });
            await op.ready();
            const out = op.run({
              x: uploadTensor(d, x, { shape: [M, K], dtype }),
              weight: w,
              bias: uploadTensor(d, bias, { shape: [N], dtype }),
            });
            const want = matmulReference(
              x,
              dequantizeInt4Reference(q),
              { batch: 1, M, N, K, transposeB: true, batchedB: false },
              bias,
            );
            expect(closeness(await out.readFloat32(), want, tol).message).toBe('ok');
            const deq = createDequantizeInt4(d, { dtype }).run({ weight: w });
            expect(closeness(await deq.readFloat32(), dequantizeInt4Reference(q), tol).message).toBe('ok');
          });
        }
        it('embedding from dense, int4 and int8 tables (including an out-of-range id)', async () => {
          const d = dev!;
          const V = 50;
          const H = 64;
          const table = randn(V * H, 44);
          const ids = [0, 49, 7, 7, 50];
          const tIds = uploadTensor(d, ids, { shape: [ids.length], dtype: 'u32' });
          const dense = dtype === 'f16' ? roundToF16(table) : table;
          const outDense = createEmbedding(d, { dtype }).run({
            ids: tIds,
            table: uploadTensor(d, dense, { shape: [V, H], dtype }),
          });
          expect(
            closeness(await outDense.readFloat32(), embeddingReference(ids, dense, V, H), tol).message,
          ).toBe('ok');
          const q4 = quantizeInt4(table, V, H, 32);
          const w4 = uploadInt4Weight(d, q4, dtype);
          const out4 = createEmbedding(d, { dtype, table: 'int4' }).run({
            ids: tIds,
            table: w4.qweight,
            scales: w4.scales,
            groupSize: 32,
          });
          const want4 = embeddingReference(ids, dequantizeInt4Reference(q4), V, H);
          expect(closeness(await out4.readFloat32(), want4, tol).message).toBe('ok');
          const q8 = quantizeInt8(table, V, H, 32);
          const out8 = createEmbedding(d, { dtype, table: 'int8' }).run({
            ids: tIds,
            table: uploadTensor(d, q8.qweight, { shape: [V, H], dtype: 'int8' }),
            scales: uploadTensor(d, q8.scales, { shape: [V, H / 32], dtype }),
            groupSize: 32,
          });
          const want8 = embeddingReference(ids, dequantizeInt8Reference(q8), V, H);
          expect(closeness(await out8.readFloat32(), want8, tol).message).toBe('ok');
        });
      },
    );
  }
});
