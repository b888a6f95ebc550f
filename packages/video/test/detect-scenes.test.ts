import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectScenes } from '@nextevent/video';
import { rgbToHsvPlanes } from '../src/scenes/hsv.js';
import { clip } from './clips.js';

const run = promisify(execFile);

/** ffmpeg's own scene-change oracle: timestamps where `scene` > 0.3. */
async function ffmpegSceneCuts(path: string): Promise<number[]> {
  const { stderr } = await run('ffmpeg', ['-hide_banner', '-i', path, '-vf', "select='gt(scene,0.3)',showinfo", '-an', '-f', 'null', '-']); // prettier-ignore
  return [...stderr.matchAll(/pts_time:([0-9.]+)/g)].map((m) => Number(m[1]));
}

describe('detectScenes (ContentDetector port)', () => {
  it('finds the cuts at 2 s and 4 s in the H.264 and VP9 scene clips, as ffmpeg does', async () => {
    for (const name of ['h264', 'vp9'] as const) {
      const path = await clip(name);
      const [ours, oracle] = await Promise.all([detectScenes(path), ffmpegSceneCuts(path)]);
      expect(oracle).toHaveLength(2);
      expect(ours.cuts).toHaveLength(2);
      // Within half a frame (ffmpeg may rebase WebM timestamps by the Opus pre-skip of 7 ms).
      ours.cuts.forEach((c, i) => expect(Math.abs(c.time - (oracle[i] ?? NaN))).toBeLessThan(1 / 60));
      expect(ours.frames).toBe(180);
      expect(ours.scenes).toHaveLength(3);
    }
  });
  it('finds the cuts at 3 s and 6 s in a 9 s clip', async () => {
    const r = await detectScenes(await clip('scenes9'), { scores: true });
    expect(r.cuts.map((c) => c.time)).toEqual([3, 6]);
    expect(r.cuts.map((c) => c.frame)).toEqual([30, 60]);
    expect(r.scores).toHaveLength(90);
    expect(r.scenes).toEqual([[0, 3], [3, 6], [6, 9]]); // prettier-ignore
  });
  it('finds nothing in a continuous clip, and suppresses cuts closer than minSceneLength', async () => {
    expect((await detectScenes(await clip('longgop'))).cuts).toEqual([]);
    const r = await detectScenes(await clip('h264'), { minSceneLength: 61 });
    expect(r.cuts.map((c) => c.time)).toEqual([4]);
  });
  it('validates options', async () => {
    await expect(detectScenes(await clip('three'), { threshold: -1 })).rejects.toThrow(TypeError);
  });
});

describe('rgbToHsvPlanes (OpenCV 8-bit HSV)', () => {
  it('matches OpenCV values for primaries and greys', () => {
    // Expected values from OpenCV's documented ranges: H = degrees/2, S = 255·(max-min)/max, V = max.
    const px = new Uint8Array([255, 0, 0, 0, 255, 0, 0, 0, 255, 128, 128, 128, 255, 255, 0, 0, 0, 0]);
    const { h, s, v } = rgbToHsvPlanes(px, 6, 3);
    expect(Array.from(h)).toEqual([0, 60, 120, 0, 30, 0]);
    expect(Array.from(s)).toEqual([255, 255, 255, 0, 255, 0]);
    expect(Array.from(v)).toEqual([255, 255, 255, 128, 255, 0]);
  });
});

describe('detectScenes cancellation', () => {
  it('rejects with the abort reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(detectScenes(await clip('h264'), { signal: controller.signal })).rejects.toThrow('stop');
  });
});
