import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import {
  createPatchEmbed,
  createPreprocess,
  matmulReference,
  preprocessReference,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';
import { randn, rng } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;

function frame(w: number, h: number, seed: number): Uint8Array<ArrayBuffer> {
  const r = rng(seed);
  // smooth gradients plus noise, so resampling has structure to get right
  return Uint8Array.from({ length: w * h * 4 }, (_, i) => {
    const px = (i >> 2) % w;
    const py = Math.floor((i >> 2) / w);
    return (i & 3) === 3
      ? 255
      : Math.min(255, Math.floor(((px * 7 + py * 5 + (i & 3) * 40) % 200) + r() * 55));
  });
}

function texture(d: GPUDevice, data: Uint8Array<ArrayBuffer>, w: number, h: number): GPUTexture {
  const t = d.createTexture({
    size: [w, h],
    format: 'rgba8unorm',
    usage: GPUTextureUsage.COPY_SRC | GPUTextureUsage.COPY_DST | GPUTextureUsage.TEXTURE_BINDING,
  });
  d.queue.writeTexture({ texture: t }, data, { bytesPerRow: w * 4 }, [w, h]);
  return t;
}

const hasF16 = dev?.features.shaderF16 ?? false;

describe.skipIf(!dev || !hasF16)(
  `preprocess in f16 (${hasF16 ? 'shader-f16' : 'skipped: no shader-f16'})`,
  () => {
    it('f16 patches equal the reference rounded to f16', async () => {
      const d = dev!;
      const frames = [frame(56, 28, 5), frame(56, 28, 6)];
      const got = await createPreprocess(d, { width: 56, height: 28, dtype: 'f16' })
        .run({ frames: frames.map((f) => texture(d.gpu, f, 56, 28)) })
        .patches.readFloat32();
      const want = preprocessReference(frames, { inWidth: 56, inHeight: 28, outWidth: 56, outHeight: 28 });
      expect(closeness(got, want.patches, { abs: 2e-3, rel: 1e-3 }).message).toBe('ok');
    });
  },
);

describe.skipIf(!dev)(`preprocess and patch embedding on a real adapter (${env.reason ?? 'ok'})`, () => {
  const cases: [string, number, number, number, number, number, number][] = [
    // name, frames, inW, inH, outW, outH, tolerance (resampled pixels may differ by one 8-bit level: 1/255/0.26)
    ['one image, no resize', 1, 28, 28, 28, 28, 1e-5],
    ['3 frames (padded to 4), no resize', 3, 56, 28, 56, 28, 1e-5],
    ['downscale 61x45 -> 56x28 (antialias)', 2, 61, 45, 56, 28, 0.02],
    ['upscale 20x30 -> 28x56', 1, 20, 30, 28, 56, 0.02],
  ];
  for (const [name, T, inW, inH, outW, outH, abs] of cases) {
    it(name, async () => {
      const d = dev!;
      const frames = Array.from({ length: T }, (_, t) => frame(inW, inH, 80 + t));
      const op = createPreprocess(d, { width: outW, height: outH });
      await op.ready();
      const { patches, gridThw } = op.run({ frames: frames.map((f) => texture(d.gpu, f, inW, inH)) });
      const want = preprocessReference(frames, {
        inWidth: inW,
        inHeight: inH,
        outWidth: outW,
        outHeight: outH,
      });
      expect(gridThw).toEqual(want.gridThw);
      const got = await patches.readFloat32();
      const report = closeness(got, want.patches, { abs, rel: 1e-5 });
      // with resampling, allow a handful of one-level rounding flips but no real mismatch
      expect(
        report.mismatches <= (abs > 1e-4 ? Math.ceil(got.length * 0.002) : 0) && report.maxAbsError < 0.05,
        report.message,
      ).toBe(true);
      // then the patch embedding (Conv3d as GEMM) on the GPU patches
      const Cout = 9;
      const weight = randn(Cout * 1176, 81, -0.05, 0.05);
      const emb = createPatchEmbed(d).run({
        patches,
        weight: uploadTensor(d, weight, { shape: [Cout, 3, 2, 14, 14] }),
      });
      const wantEmb = matmulReference(got, weight, {
        batch: 1,
        M: got.length / 1176,
        N: Cout,
        K: 1176,
        transposeB: true,
        batchedB: false,
      });
      expect(closeness(await emb.readFloat32(), wantEmb, { abs: 1e-3, rel: 1e-5 }).message).toBe('ok');
    });
  }
});
