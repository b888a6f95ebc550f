import { describe, expect, it } from 'vitest';
import { FUTUREBENCH_SAMPLING, planVideoSampling, QwenSamplingError, sampleFrames } from '@nextevent/video';
import { clip, ffmpegFrame, ffprobeFrames, type ClipName } from './clips.js';

const meanAbsDiff = (a: Uint8Array, b: Uint8Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    s += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  }
  return s / a.length;
};

describe('sampleFrames picks the qwen-vl-utils frames', () => {
  for (const [name, opts] of [
    ['h264', FUTUREBENCH_SAMPLING],
    ['longgop', { fps: 2, maxFrames: 32 }],
    ['vp9', { nframes: 8 }],
    ['vfr', { fps: 4 }],
  ] as [ClipName, Record<string, number>][]) {
    it(`${name} ${JSON.stringify(opts)}: indices from the plan, timestamps from ffprobe, pixels from ffmpeg`, async () => {
      const path = await clip(name);
      const truth = await ffprobeFrames(path);
      const r = await sampleFrames(path, { ...opts, resize: false });
      const n = truth.pts.length;
      const span = (truth.pts.at(-1) ?? 0) - (truth.pts[0] ?? 0);
      // The plan for this frame count and frame rate; the frame rate is n / (span + one frame interval).
      const plan = planVideoSampling({
        ...opts,
        totalFrames: n,
        videoFps: r.videoFps,
        height: truth.height,
        width: truth.width,
      });
      expect(r.videoFps).toBeCloseTo(n / (span + span / (n - 1)), name === 'vfr' ? 0 : 3);
      expect(r.totalFrames).toBe(n);
      expect(r.frames.map((f) => f.index)).toEqual(plan.indices);
      r.timestamps.forEach((t, k) =>
        expect(Math.abs(t - (truth.pts[plan.indices[k] ?? -1] ?? NaN))).toBeLessThan(1e-6),
      );
      expect(r.secondPerGridT).toBe(plan.secondPerGridT);
      // The decoded frames are the same frames ffmpeg decodes (moving test pattern: a wrong frame differs a lot).
      for (const k of [0, Math.floor(r.frames.length / 2), r.frames.length - 1]) {
        const f = r.frames[k];
        const want = await ffmpegFrame(path, f?.index ?? -1);
        expect(f?.rgb?.length).toBe(want.length);
        // Node decodes with libavcodec + libswscale like the ffmpeg CLI: identical here (measured max diff 0).
        expect(meanAbsDiff(f?.rgb ?? new Uint8Array(), want)).toBeLessThan(0.5);
      }
    });
  }

  it('resizes to the smart_resize size (FutureBench budget)', async () => {
    const r = await sampleFrames(await clip('h264'), FUTUREBENCH_SAMPLING);
    expect(r.plan.nframes).toBe(12);
    for (const f of r.frames) {
      expect([f.height, f.width]).toEqual([r.plan.resizedHeight, r.plan.resizedWidth]);
      expect(f.rgb?.length).toBe(f.height * f.width * 3);
    }
  });

  it('raises qwen-vl-utils errors (3-frame clip: nframes must be in [2, 3])', async () => {
    await expect(sampleFrames(await clip('three'), { nframes: 8 })).rejects.toThrow(QwenSamplingError);
    const r = await sampleFrames(await clip('three'), { nframes: 2 });
    expect(r.frames.map((f) => f.index)).toEqual([0, 2]);
  });

  it('rejects a resize that is not a boolean', async () => {
    await expect(
      sampleFrames(await clip('three'), { resize: 'no' as unknown as boolean }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`options.resize\`, when provided, must be a boolean, got no.]`,
    );
  });

  it("rejects output 'videoframe' in Node", async () => {
    await expect(sampleFrames(await clip('three'), { output: 'videoframe' })).rejects.toThrow(TypeError);
  });
});
