import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  createLayerNorm,
  createRmsNorm,
  createSoftmax,
  layerNormReference,
  rmsNormReference,
  roundToF16,
  softmaxReference,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;
const TOL = { f32: { abs: 1e-3, rel: 1e-5 }, f16: { abs: 1e-1, rel: 1e-2 } };
// [rows, H]: size 1, non-multiples of the 64-thread workgroup, and a near-limit row (Qwen2.5-VL MLP width);
// short rows that softmax packs several to a workgroup (H = 1: 64 rows, H = 9: 32, H = 32: 16), partial last one.
const SHAPES: [number, number][] = [
  [1, 1],
  [3, 65],
  [7, 130],
  [2, 11008],
  [130, 1],
  [70, 9],
  [33, 32],
];

describe.skipIf(!dev)(`row ops on a real adapter (${env.reason ?? 'ok'})`, () => {
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        const r = (x: Float32Array) => (dtype === 'f16' ? roundToF16(x) : x);
        for (const [rows, H] of SHAPES) {
          it(`rmsnorm [${rows}, ${H}]`, async () => {
            const d = dev!;
            const x = r(randn(rows * H, 11, -2, 2));
            const w = r(randn(H, 12, 0.5, 1.5));
            const op = createRmsNorm(d, { dtype, eps: 1e-6 });
            await op.ready();
            const out = op.run({
              x: uploadTensor(d, x, { shape: [rows, H], dtype }),
              weight: uploadTensor(d, w, { shape: [H], dtype }),
            });
            expect(
              closeness(await out.readFloat32(), rmsNormReference(x, w, H, 1e-6), TOL[dtype]).message,
            ).toBe('ok');
          });
          it(`layernorm [${rows}, ${H}]`, async () => {
            const d = dev!;
            const x = r(randn(rows * H, 13, -2, 3));
            const w = r(randn(H, 14, 0.5, 1.5));
            const b = r(randn(H, 15));
            const op = createLayerNorm(d, { dtype, eps: 1e-5 });
            const out = op.run({
              x: uploadTensor(d, x, { shape: [rows, H], dtype }),
              weight: uploadTensor(d, w, { shape: [H], dtype }),
              bias: uploadTensor(d, b, { shape: [H], dtype }),
            });
            const want = layerNormReference(x, w, b, H, 1e-5);
            // H = 1: the normalised value is 0, so only the bias remains (a good edge case).
            expect(closeness(await out.readFloat32(), want, TOL[dtype]).message).toBe('ok');
          });
          it(`softmax [${rows}, ${H}]`, async () => {
            const d = dev!;
            const x = r(randn(rows * H, 16, -8, 8));
            const op = createSoftmax(d, { dtype });
            const out = op.run({ x: uploadTensor(d, x, { shape: [rows, H], dtype }) });
            const tol = dtype === 'f16' ? { abs: 2e-3, rel: 1e-2 } : TOL.f32;
            expect(closeness(await out.readFloat32(), softmaxReference(x, H), tol).message).toBe('ok');
          });
        }
      },
    );
  }
});
