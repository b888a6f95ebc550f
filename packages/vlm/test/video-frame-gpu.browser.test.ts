import { describe, expect, it } from 'vitest';
import { getTestDevice } from '@nextevent/testing';
import { loadModel, processVideo } from '@nextevent/vlm';
import { fixtureFiles, maxAbs } from './gpu-fixtures.js';

const env = await getTestDevice();

describe.skipIf(!env.device)(`VideoFrames preprocessed on the GPU (${env.reason ?? 'adapter ok'})`, () => {
  it('encodeVideoFrames equals processVideo + encodeVision on the same frames', async () => {
    const model = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device! });
    const W = 56;
    const H = 84;
    const rgb = Array.from({ length: 4 }, (_, f) =>
      Uint8Array.from({ length: W * H * 3 }, (_, i) => (i * 13 + f * 51 + ((i / 3) | 0) * 7) & 255),
    );
    const videoFrames = rgb.map((data, f) => {
      const rgba = new Uint8ClampedArray(W * H * 4);
      for (let i = 0; i < W * H; i++) {
        rgba.set(data.subarray(i * 3, i * 3 + 3), i * 4);
        rgba[i * 4 + 3] = 255;
      }
      return new VideoFrame(rgba, { format: 'RGBA', codedWidth: W, codedHeight: H, timestamp: f * 500_000 });
    });
    const gpu = await model.encodeVideoFrames(videoFrames, { width: W, height: H });
    for (const f of videoFrames) {
      f.close();
    }
    const pv = processVideo({ frames: rgb.map((data) => ({ width: W, height: H, data })) }, model.config);
    expect(gpu.gridThw).toEqual(pv.gridThw);
    const cpu = await model.encodeVision(pv.pixelValues, [pv.gridThw]);
    expect(maxAbs(gpu.videoEmbeds, cpu)).toBeLessThan(2e-6);
    model.dispose();
  });
});
