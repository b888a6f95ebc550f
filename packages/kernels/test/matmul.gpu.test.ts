import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import { createMatmul, matmulReference, roundToF16, uploadTensor, wrapDevice } from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const F32 = { abs: 1e-3, rel: 1e-5 };
const F16 = { abs: 1e-1, rel: 1e-2 };

describe.skipIf(!env.device)(`matmul on a real adapter (${env.reason ?? 'ok'})`, () => {
  const dev = env.device ? wrapDevice(env.device) : undefined;
  const cases: [string, number, number, number, number, boolean, boolean, boolean][] = [
    // name, batch, M, N, K, transposeB, batchedB, bias
    ['1x1x1', 1, 1, 1, 1, false, false, false],
    ['odd 33x17x45', 1, 33, 17, 45, false, false, true],
    ['transB 37x65x31', 1, 37, 65, 31, true, false, true],
    ['gemv M=1 transB', 1, 1, 130, 68, true, false, true],
    ['gemv M=3 transB', 1, 3, 70, 132, true, false, false],
    ['M=1 transB with K % 4 != 0 (tiled GEMM, not the GEMV)', 1, 1, 130, 67, true, false, true],
    ['batched 3x9x10x11', 3, 9, 10, 11, false, true, false],
    ['batched transB shared B', 2, 5, 7, 19, true, false, false],
    ['vec4 GEMM transB 70x65x64 (K % 4 == 0)', 1, 70, 65, 64, true, false, true],
    ['vec4 GEMM batched A, shared B, K=36', 3, 5, 9, 36, true, false, false],
    ['vec4 GEMM batched B, K=8', 2, 66, 3, 8, true, true, true],
    ['vec4 GEMM 16x64 tiles: M=16, N=65, K=40', 1, 16, 65, 40, true, false, true],
    ['vec4 GEMM 32x32 tiles: M=32, N=33, K=100', 1, 32, 33, 100, true, false, true],
    ['vec4 GEMM 64x64 tiles: M=33, N=129, K=36', 1, 33, 129, 36, true, false, false],
  ];
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !dev?.features.shaderF16)(
      `${dtype}${dtype === 'f16' && !dev?.features.shaderF16 ? ' (no shader-f16)' : ''}`,
      () => {
        for (const [name, batch, M, N, K, transposeB, batchedB, hasBias] of cases) {
          it(name, async () => {
            const d = dev!;
            const r = (x: Float32Array) => (dtype === 'f16' ? roundToF16(x) : x);
            const a = r(randn(batch * M * K, 1));
            const b = r(randn((batchedB ? batch : 1) * K * N, 2));
            const bias = r(randn(N, 3));
            const mm = createMatmul(d, { dtype, transposeB });
            await mm.ready();
            const ta = uploadTensor(d, a, { shape: batch > 1 ? [batch, M, K] : [M, K], dtype });
            const tb = uploadTensor(d, b, {
              shape: batchedB
                ? [batch, transposeB ? N : K, transposeB ? K : N]
                : transposeB
                  ? [N, K]
                  : [K, N],
              dtype,
            });
            const tbias = uploadTensor(d, bias, { shape: [N], dtype });
            const out = mm.run(hasBias ? { a: ta, b: tb, bias: tbias } : { a: ta, b: tb });
            expect(out.shape).toEqual(batch > 1 ? [batch, M, N] : [M, N]);
            const got = await out.readFloat32();
            const want = matmulReference(
              a,
              b,
              { batch, M, N, K, transposeB, batchedB },
              hasBias ? bias : undefined,
            );
            expect(closeness(got, want, dtype === 'f32' ? F32 : F16).message).toBe('ok');
            for (const t of [ta, tb, tbias, out]) {
              t.destroy();
            }
          });
        }
      },
    );
  }
  it('near-limit: K = 4096 GEMV row (f32)', async () => {
    const d = dev!;
    const M = 1,
      N = 8,
      K = 4096;
    const a = randn(M * K, 5);
    const b = randn(N * K, 6);
    const mm = createMatmul(d, { transposeB: true });
    const out = mm.run({
      a: uploadTensor(d, a, { shape: [M, K] }),
      b: uploadTensor(d, b, { shape: [N, K] }),
    });
    const want = matmulReference(a, b, { batch: 1, M, N, K, transposeB: true, batchedB: false });
    // the README's f32 tolerance holds at K = 4096 too (max abs error ~9e-6 on lavapipe)
    expect(closeness(await out.readFloat32(), want, F32).message).toBe('ok');
  });
});
