import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  binaryReference,
  createBinary,
  createGelu,
  createSiluMul,
  geluReference,
  roundToF16,
  siluMulReference,
  splitGateUp,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;
const TOL = { f32: { abs: 1e-3, rel: 1e-5 }, f16: { abs: 1e-1, rel: 1e-2 } };
// sizes: 1, a non-multiple of 64, and 2^20 + 3 (a 4 MiB tensor, more workgroups than one grid row on SwiftShader)
const SIZES = [1, 193, 2 ** 20 + 3];

describe.skipIf(!dev)(`elementwise ops on a real adapter (${env.reason ?? 'ok'})`, () => {
  it('add beyond the 65535-workgroup dispatch limit (2-D grid), f32', async () => {
    const d = dev!;
    const n = 65535 * 64 + 1000; // 4.2 M elements: more workgroups than one dispatch dimension allows
    const a = randn(n, 36);
    const b = randn(n, 37);
    const out = createBinary(d, { op: 'add' }).run({
      a: uploadTensor(d, a, { shape: [n] }),
      b: uploadTensor(d, b, { shape: [n] }),
    });
    expect(closeness(await out.readFloat32(), binaryReference('add', a, b), TOL.f32).message).toBe('ok');
  });
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        const r = (x: Float32Array) => (dtype === 'f16' ? roundToF16(x) : x);
        for (const n of SIZES) {
          it(`add/mul with full and broadcast b, n=${n}`, async () => {
            const d = dev!;
            const a = r(randn(n, 31, -4, 4));
            const bFull = r(randn(n, 32, -4, 4));
            const bSmall = r(randn(1, 33, -4, 4));
            const ta = uploadTensor(d, a, { shape: [n], dtype });
            for (const op of ['add', 'mul'] as const) {
              const k = createBinary(d, { op, dtype });
              for (const b of [bFull, bSmall]) {
                const out = k.run({ a: ta, b: uploadTensor(d, b, { shape: [b.length], dtype }) });
                expect(
                  closeness(await out.readFloat32(), binaryReference(op, a, b), TOL[dtype]).message,
                ).toBe('ok');
                out.destroy();
              }
            }
          });
        }
        it('silu-mul from separate gate/up and from fused [gate | up] rows', async () => {
          const d = dev!;
          const rows = 3;
          const I = 67;
          const gu = r(randn(rows * 2 * I, 34, -6, 6));
          const { gate, up } = splitGateUp(gu, I);
          const want = siluMulReference(gate, up);
          const k = createSiluMul(d, { dtype });
          const fused = k.run({ gateUp: uploadTensor(d, gu, { shape: [rows, 2 * I], dtype }) });
          expect(fused.shape).toEqual([rows, I]);
          expect(closeness(await fused.readFloat32(), want, TOL[dtype]).message).toBe('ok');
          const sep = k.run({
            gate: uploadTensor(d, gate, { shape: [rows, I], dtype }),
            up: uploadTensor(d, up, { shape: [rows, I], dtype }),
          });
          expect(closeness(await sep.readFloat32(), want, TOL[dtype]).message).toBe('ok');
        });
        for (const variant of ['erf', 'tanh', 'quick'] as const) {
          // 1001: one element per thread; 1004: the vec4 form (length a multiple of 4)
          for (const n of [1001, 1004]) {
            it(`gelu ${variant} n=${n}`, async () => {
              const d = dev!;
              const x = r(randn(n, 35, -10, 10));
              const out = createGelu(d, { dtype, variant }).run({
                x: uploadTensor(d, x, { shape: [n], dtype }),
              });
              expect(closeness(await out.readFloat32(), geluReference(x, variant), TOL[dtype]).message).toBe(
                'ok',
              );
            });
          }
        }
      },
    );
  }
});
