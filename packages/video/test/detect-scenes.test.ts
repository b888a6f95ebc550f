import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectScenes } from '@nextevent/video';
import { FlashFilter } from '../src/scenes/flash-filter.js';
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
    // Cuts at frames 60 and 120 with a 61-frame minimum: suppress drops the first (60 < 61 frames from the
    // start) and keeps 120; merge (PySceneDetect's default) never emits before a first cut has met the length.
    const suppress = await detectScenes(await clip('h264'), { minSceneLength: 61, filterMode: 'suppress' });
    expect(suppress.cuts.map((c) => c.time)).toEqual([4]);
    const merge = await detectScenes(await clip('h264'), { minSceneLength: 61 });
    expect(merge.cuts).toEqual([]);
  });
  it('validates options', async () => {
    await expect(detectScenes(await clip('three'), { threshold: -1 })).rejects.toThrow(TypeError);
  });
  it('rejects weights that are not three finite numbers >= 0 (no NaN scores, no silent empty cuts)', async () => {
    const src = await clip('three');
    const bad = (weights: unknown) =>
      detectScenes(src, { weights: weights as [number, number, number] }).catch((e: unknown) => e);
    expect(String(await bad([1, 1, 'x']))).toMatchInlineSnapshot(
      `"TypeError: \`options.weights\`, when provided, must be three finite numbers >= 0, not all 0, got [1, 1, 'x']."`,
    );
    for (const w of [[1, -1, 1], [1, 1, Number.NaN], [1, 1, Infinity], [0, 0, 0], [1, 1], '111', null]) {
      expect(await bad(w)).toBeInstanceOf(TypeError);
    }
    await expect(detectScenes(src, { scores: 'yes' as unknown as boolean })).rejects.toThrow(
      '`options.scores`, when provided, must be a boolean',
    );
    await expect(detectScenes(src, { filterMode: 'drop' as 'merge' })).rejects.toThrow(
      "`options.filterMode`, when provided, must be 'merge' or 'suppress', got 'drop'.",
    );
    expect((await detectScenes(src, { weights: [0, 0, 1] })).frames).toBe(3);
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

describe('FlashFilter (PySceneDetect semantics)', () => {
  /** Runs frames 0..n-1 with the given above-threshold frames; returns [emitted-at frame, cut frame] pairs. */
  const run = (mode: 'merge' | 'suppress', length: number, above: number[], n = 80): [number, number][] => {
    const f = new FlashFilter(mode, length);
    const out: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      for (const c of f.filter(i, above.includes(i))) {
        out.push([i, c]);
      }
    }
    return out;
  };
  it('suppress: a cut needs the length since the last cut (or the first frame)', () => {
    expect(run('suppress', 15, [5, 20, 22, 40])).toEqual([[20, 20], [40, 40]]); // prettier-ignore
  });
  it('merge: a burst after the first cut becomes one cut at its last frame, emitted once it settles', () => {
    // 5: too early, merging not enabled yet; 20: cut; 22 starts a merge; 40 extends it; at 55 (15 frames below
    // the threshold after 40, and the burst 22..40 is ≥ 15 long) the merged cut at 40 is emitted.
    expect(run('merge', 15, [5, 20, 22, 40])).toEqual([[20, 20], [55, 40]]); // prettier-ignore
  });
  it('length 0 passes every above-threshold frame', () => {
    expect(run('merge', 0, [3, 4])).toEqual([[3, 3], [4, 4]]); // prettier-ignore
  });
});
