import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  createRope,
  ropeReference,
  roundToF16,
  uploadTensor,
  wrapDevice,
  type RopeMode,
} from '@nextevent/kernels';
import { randn, rng } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;

function positions(mode: RopeMode, L: number, maxPos: number, seed: number): Int32Array {
  const rows = mode === 'text' ? 1 : mode === 'mrope' ? 3 : 2;
  const r = rng(seed);
  return Int32Array.from({ length: rows * L }, () => Math.floor(r() * maxPos));
}

describe.skipIf(!dev)(`rope on a real adapter (${env.reason ?? 'ok'})`, () => {
  const cases: [RopeMode, number, number, number, number][] = [
    // mode, L, H, D, max position (32768: the angle range reduction matters)
    ['text', 1, 1, 2, 10],
    ['text', 5, 3, 64, 32768],
    ['mrope', 7, 2, 128, 32768],
    ['vision', 9, 2, 80, 64],
  ];
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        for (const [mode, L, H, D, maxPos] of cases) {
          it(`${mode} L=${L} H=${H} D=${D} pos<${maxPos}`, async () => {
            const d = dev!;
            const x0 = randn(L * H * D, 21);
            const x = dtype === 'f16' ? roundToF16(x0) : x0;
            const pos = positions(mode, L, maxPos, 22);
            const op = createRope(d, { dtype, headDim: D, mode });
            await op.ready();
            const out = op.run({
              x: uploadTensor(d, x, { shape: [L, H, D], dtype }),
              positions: uploadTensor(d, pos, { shape: [pos.length / L, L], dtype: 'i32' }),
            });
            const want = ropeReference(x, pos, { L, H, D, mode, theta: mode === 'vision' ? 1e4 : 1e6 });
            const tol = dtype === 'f32' ? { abs: 1e-3, rel: 1e-5 } : { abs: 1e-1, rel: 1e-2 };
            expect(closeness(await out.readFloat32(), want, tol).message).toBe('ok');
          });
        }
      },
    );
  }
});
