import { describe, expect, it } from 'vitest';
import { parseConfig, processVideo } from '@nextevent/vlm';
import { readFixture } from './gpu-fixtures.js';

describe('WebCodecs VideoFrames as processor input', () => {
  it('VideoFrames give the same rows as the equivalent RGB frames (resized to the smart_resize size)', async () => {
    const config = parseConfig(
      JSON.parse(new TextDecoder().decode(await readFixture('fixtures/tiny-qwen2_5-vl/config.json'))),
    );
    const colors: [number, number, number][] = [
      [200, 100, 50],
      [10, 220, 130],
      [90, 90, 255],
    ];
    const W = 70;
    const H = 50;
    const videoFrames = colors.map(([r, g, b], i) => {
      const canvas = new OffscreenCanvas(W, H);
      const ctx = canvas.getContext('2d')!;
      ctx.fillStyle = `rgb(${r}, ${g}, ${b})`;
      ctx.fillRect(0, 0, W, H);
      return new VideoFrame(canvas, { timestamp: i * 500_000 });
    });
    const rgbFrames = colors.map((c) => ({
      width: W,
      height: H,
      data: Uint8Array.from({ length: W * H * 3 }, (_, i) => c[i % 3]!),
    }));
    const a = processVideo({ frames: videoFrames, fps: 2 }, config);
    const b = processVideo({ frames: rgbFrames, fps: 2 }, config);
    for (const f of videoFrames) {
      f.close();
    }
    expect(a.gridThw).toEqual([2, 4, 4]); // 3 frames -> 2 temporal patches; 50x70 -> 56x56
    expect(a.pixelValues).toEqual(b.pixelValues);
  });
});
