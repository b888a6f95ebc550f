import { describe, expect, it } from 'vitest';
import { getTestDevice } from '@nextevent/testing';
import {
  argmaxReference,
  createArgmax,
  createSampler,
  roundToF16,
  sampleReference,
  samplingDistribution,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasF16 = dev?.features.shaderF16 ?? false;

describe.skipIf(!dev)(`argmax and sampling on a real adapter (${env.reason ?? 'ok'})`, () => {
  for (const dtype of ['f32', 'f16'] as const) {
    describe.skipIf(dtype === 'f16' && !hasF16)(
      `${dtype}${dtype === 'f16' && !hasF16 ? ' skipped: no shader-f16' : ''}`,
      () => {
        const r = (x: Float32Array) => (dtype === 'f16' ? roundToF16(x) : x);
        it('argmax: V=1, ties (lowest index wins), 3 rows of 257, and the Qwen vocabulary size 151936', async () => {
          const d = dev!;
          const op = createArgmax(d, { dtype });
          const one = op.run({ logits: uploadTensor(d, [5], { shape: [1, 1], dtype }) });
          expect([...(await one.read())]).toEqual([0]);
          const ties = new Float32Array(300).fill(1);
          ties[7] = 3;
          ties[200] = 3;
          ties[263] = 3; // 7 + 256: the same thread's strided scan meets two equal maxima
          expect([
            ...(await op.run({ logits: uploadTensor(d, ties, { shape: [1, 300], dtype }) }).read()),
          ]).toEqual([7]);
          const x = r(randn(3 * 257, 61, -5, 5));
          expect([
            ...(await op.run({ logits: uploadTensor(d, x, { shape: [3, 257], dtype }) }).read()),
          ]).toEqual([...argmaxReference(x, 257)]);
          const big = r(randn(151936, 62, -20, 20));
          expect([
            ...(await op.run({ logits: uploadTensor(d, big, { shape: [1, 151936], dtype }) }).read()),
          ]).toEqual([...argmaxReference(big, 151936)]);
        });
        const cases: [string, number, number, number, number][] = [
          // name, V, topK, topP, temperature
          ['top-k 1 is greedy', 100, 1, 1, 1],
          ['top-k 5', 333, 5, 1, 0.7],
          ['top-p 0.8 within top-k 50', 1000, 50, 0.8, 1.3],
          ['top-k 256 (the cap), top-p 0.95', 30000, 256, 0.95, 1],
        ];
        for (const [name, V, topK, topP, temperature] of cases) {
          it(`sample: ${name}`, async () => {
            const d = dev!;
            const logits = r(randn(V, 63, -6, 6));
            const params = { topK, topP, temperature };
            const kept = samplingDistribution(logits, params);
            const mass = kept.reduce((a, b) => a + b.weight, 0);
            // draws at the middle of several kept tokens' intervals (far from float-rounding boundaries)
            const draws: number[] = [];
            let cum = 0;
            for (const [i, c] of kept.entries()) {
              if (i < 4 || i === kept.length - 1) {
                draws.push((cum + c.weight / 2) / mass);
              }
              cum += c.weight;
            }
            const tLogits = uploadTensor(d, logits, { shape: [1, V], dtype });
            const op = createSampler(d, { dtype });
            await op.ready();
            for (const u of draws) {
              const got = await op.run({ logits: tLogits, random: u, ...params }).read();
              expect(got[0]).toBe(sampleReference(logits, params, u));
            }
          });
        }
        it('sample: ties are ranked by lower index however many tokens tie (as sampleReference)', async () => {
          const d = dev!;
          const op = createSampler(d, { dtype });
          const check = async (logits: Float32Array, topK: number, topP: number, draws: number[]) => {
            const t = uploadTensor(d, logits, { shape: [1, logits.length], dtype });
            for (const u of draws) {
              const params = { topK, topP, temperature: 1 };
              const got = await op.run({ logits: t, random: u, ...params }).read();
              expect([got[0], u, topK]).toEqual([sampleReference(logits, params, u), u, topK]);
            }
            t.destroy();
          };
          // all logits equal: the k kept tokens are 0..k-1, so a draw u picks floor(u * k)
          const flat = new Float32Array(2000);
          await check(flat, 50, 1, [0.01, 0.5, 0.8, 0.99]);
          await check(flat, 256, 1, [0.01, 0.5, 0.99]);
          await check(flat, 7, 1, [0.3, 0.95]);
          // a few distinct maxima above a plateau of ties cut by top-k, spread over every thread's block
          const plateau = new Float32Array(3001).fill(-1);
          for (const i of [2999, 1500, 17]) {
            plateau[i] = 2;
          }
          plateau[3000] = 0.5; // the last element, alone above the plateau
          await check(plateau, 20, 1, [0.001, 0.2, 0.6, 0.97]);
          await check(plateau, 256, 0.9, [0.05, 0.5, 0.95]);
          // ties only in the upper half of the row, and the Qwen vocabulary size with every logit tied
          const upper = new Float32Array(5000).fill(-3);
          upper.fill(1, 2500);
          await check(upper, 100, 1, [0.25, 0.75]);
          await check(new Float32Array(151936), 256, 1, [0.5, 0.999]);
        });
        it('sample: several rows in one run use their own draws', async () => {
          const d = dev!;
          const V = 64;
          const logits = r(randn(3 * V, 64, -3, 3));
          const params = { topK: 10, topP: 1, temperature: 1 };
          const rows = [0, 1, 2].map((i) => logits.slice(i * V, (i + 1) * V));
          const draws = rows.map((row) => {
            const k = samplingDistribution(row, params);
            const mass = k.reduce((a, b) => a + b.weight, 0);
            return k[0]!.weight / 2 / mass;
          });
          const got = await createSampler(d, { dtype })
            .run({ logits: uploadTensor(d, logits, { shape: [3, V], dtype }), random: draws, ...params })
            .read();
          expect([...got]).toEqual(rows.map((row, i) => sampleReference(row, params, draws[i]!)));
        });
      },
    );
  }
});
