// Browser only: preprocessing straight from WebCodecs VideoFrames and ImageBitmaps (copyExternalImageToTexture).
import { describe, expect, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';
import { createPreprocess, preprocessReference, wrapDevice } from '@nextevent/kernels';
import { rng } from './util.js';

const env = await getTestDevice();
const dev = env.device ? wrapDevice(env.device) : undefined;
const hasVideoFrame = typeof (globalThis as { VideoFrame?: unknown }).VideoFrame === 'function';

function rgba(w: number, h: number, seed: number): Uint8ClampedArray<ArrayBuffer> {
  const r = rng(seed);
  return Uint8ClampedArray.from({ length: w * h * 4 }, (_, i) =>
    (i & 3) === 3 ? 255 : Math.floor(r() * 256),
  );
}

describe.skipIf(!dev || !hasVideoFrame)(
  `preprocess from browser image sources (${env.reason ?? 'ok'})`,
  () => {
    it('VideoFrames (RGBA, via runAsync) and an ImageBitmap (via run) match the CPU reference', async () => {
      const d = dev!;
      const [w, h] = [56, 28];
      const pixels = [rgba(w, h, 1), rgba(w, h, 2)];
      const frames = pixels.map(
        (data) => new VideoFrame(data, { format: 'RGBA', codedWidth: w, codedHeight: h, timestamp: 0 }),
      );
      const op = createPreprocess(d, { width: w, height: h });
      await op.ready();
      const fromFrames = await (await op.runAsync({ frames })).patches.readFloat32();
      frames.forEach((f) => f.close());
      const want = preprocessReference(
        pixels.map((p) => new Uint8Array(p.buffer)),
        { inWidth: w, inHeight: h, outWidth: w, outHeight: h },
      );
      expect(closeness(fromFrames, want.patches, { abs: 1e-5, rel: 1e-5 }).message).toBe('ok');

      const bitmap = await createImageBitmap(new ImageData(pixels[0]!, w, h), {
        premultiplyAlpha: 'none',
        colorSpaceConversion: 'none',
      });
      const fromBitmap = await op.run({ frames: [bitmap] }).patches.readFloat32();
      const wantImage = preprocessReference([new Uint8Array(pixels[0]!.buffer)], {
        inWidth: w,
        inHeight: h,
        outWidth: w,
        outHeight: h,
      });
      expect(closeness(fromBitmap, wantImage.patches, { abs: 1e-5, rel: 1e-5 }).message).toBe('ok');
    });
  },
);
