// Fused forms: SwiGLU gate/up projections (dense and int4, GEMV-fused and GEMM + activation) and the RMSNorm
// that adds the residual stream in place.
import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  createMatmul,
  createMatmulInt4,
  createRmsNorm,
  dequantizeInt4Reference,
  matmulReference,
  quantizeInt4,
  rmsNormResidualReference,
  roundToF16,
  siluMulReference,
  splitGateUp,
  uploadInt4Weight,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;

function swigluReference(
  x: Float32Array,
  w: Float32Array,
  M: number,
  N: number,
  K: number,
  bias: Float32Array,
) {
  const gu = matmulReference(x, w, { batch: 1, M, N, K, transposeB: true, batchedB: false }, bias);
  const { gate, up } = splitGateUp(gu, N / 2);
  return siluMulReference(gate, up);
}

describe.skipIf(!dev)(`fused ops on a real adapter (${env.reason ?? 'ok'})`, () => {
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        const tol = dtype === 'f32' ? { abs: 1e-3, rel: 1e-5 } : { abs: 1e-1, rel: 1e-2 };
        const r = (x: Float32Array) => (dtype === 'f16' ? roundToF16(x) : x);
        for (const M of [1, 3, 6]) {
          it(`dense swiglu M=${M} (${M <= 4 ? 'fused GEMV' : 'GEMM + activation'})`, async () => {
            const d = dev!;
            const [N, K] = [2 * 37, 72];
            const x = r(randn(M * K, 91));
            const w = r(randn(N * K, 92));
            const bias = r(randn(N, 93));
            const out = createMatmul(d, { dtype, transposeB: true }).run({
              a: uploadTensor(d, x, { shape: [M, K], dtype }),
              b: uploadTensor(d, w, { shape: [N, K], dtype }),
              bias: uploadTensor(d, bias, { shape: [N], dtype }),
              activation: 'swiglu',
            });
            expect(out.shape).toEqual([M, N / 2]);
            expect(
              closeness(await out.readFloat32(), swigluReference(x, w, M, N, K, bias), tol).message,
            ).toBe('ok');
          });
          it(`int4 swiglu M=${M}`, async () => {
            const d = dev!;
            const [N, K, G] = [2 * 21, 128, 32];
            const q = quantizeInt4(randn(N * K, 94), N, K, G);
            if (dtype === 'f16') {
              q.scales = roundToF16(q.scales);
            }
            const x = r(randn(M * K, 95));
            const bias = r(randn(N, 96));
            const op = createMatmulInt4(d, { dtype });
            await op.ready();
            const out = op.run({
              x: uploadTensor(d, x, { shape: [M, K], dtype }),
              weight: uploadInt4Weight(d, q, dtype),
              bias: uploadTensor(d, bias, { shape: [N], dtype }),
              activation: 'swiglu',
            });
            expect(out.shape).toEqual([M, N / 2]);
            const want = swigluReference(x, dequantizeInt4Reference(q), M, N, K, bias);
            expect(closeness(await out.readFloat32(), want, tol).message).toBe('ok');
          });
        }
        it('rmsnorm with an in-place residual stream', async () => {
          const d = dev!;
          const [rows, H] = [3, 130];
          const x = r(randn(rows * H, 97, -2, 2));
          const res = r(randn(rows * H, 98, -2, 2));
          const w = r(randn(H, 99, 0.5, 1.5));
          const residual = uploadTensor(d, res, { shape: [rows, H], dtype });
          const op = createRmsNorm(d, { dtype });
          await op.ready();
          const out = op.run({
            x: uploadTensor(d, x, { shape: [rows, H], dtype }),
            weight: uploadTensor(d, w, { shape: [H], dtype }),
            residual,
          });
          const want = rmsNormResidualReference(x, res, w, H, 1e-6, dtype === 'f16' ? roundToF16 : undefined);
          expect(closeness(await residual.readFloat32(), want.sum, tol).message).toBe('ok');
          expect(closeness(await out.readFloat32(), want.out, tol).message).toBe('ok');
        });
      },
    );
  }
});
