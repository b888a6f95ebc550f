import { describe, expect, it } from 'vitest';
import { checkSupport, detectScenes, probe, sampleFrames, split, type SplitResult } from '@nextevent/video';
import manifest from './fixtures/browser/manifest.json' with { type: 'json' };
import av1Url from './fixtures/browser/scenes-av1.webm?url';
import h264MkvUrl from './fixtures/browser/scenes-h264.mkv?url';
import h264Url from './fixtures/browser/scenes-h264.mp4?url';
import vp9Url from './fixtures/browser/scenes-vp9.webm?url';

const EPS = 1e-3;
const CLIPS = [
  { name: 'scenes-h264.mp4', url: h264Url },
  { name: 'scenes-vp9.webm', url: vp9Url },
  { name: 'scenes-av1.webm', url: av1Url },
  { name: 'scenes-h264.mkv', url: h264MkvUrl },
] as const;

async function bytes(url: string): Promise<Blob> {
  const res = await fetch(url);
  expect(res.ok).toBe(true);
  return res.blob();
}

/** Checks the split invariants with our own probe on the two outputs against ffprobe's timestamps (manifest). */
async function checkInvariants(r: SplitResult, truth: readonly number[]): Promise<void> {
  const past = await probe(r.past.data ?? new Uint8Array(), { timestamps: true });
  const future = await probe(r.future.data ?? new Uint8Array(), { timestamps: true });
  const wantPast = truth.filter((t) => t < r.cut - EPS);
  const wantFuture = truth.filter((t) => t >= r.cut - EPS);
  expect(past.frames + future.frames).toBe(truth.length);
  expect([past.frames, future.frames]).toEqual([wantPast.length, wantFuture.length]);
  const p0 = past.timestamps?.[0] ?? NaN;
  const f0 = future.timestamps?.[0] ?? NaN;
  past.timestamps?.forEach((t, i) =>
    expect(Math.abs(t - p0 + (truth[0] ?? NaN) - (wantPast[i] ?? NaN))).toBeLessThan(EPS),
  );
  future.timestamps?.forEach((t, i) =>
    expect(Math.abs(t - f0 + r.cut - (wantFuture[i] ?? NaN))).toBeLessThan(EPS),
  );
  expect(Math.abs((future.keyframes[0] ?? NaN) - f0)).toBeLessThan(EPS);
  expect(past.hasAudio && future.hasAudio).toBe(true);
}

describe('split in Chromium (WebCodecs)', () => {
  it('has WebCodecs', async () => {
    const s = await checkSupport();
    expect(s.webCodecs).toBe(true);
    expect(s.decodable).toEqual(expect.arrayContaining(['avc', 'vp9', 'av1']));
    expect(s.encodable).toEqual(expect.arrayContaining(['avc', 'vp9', 'av1']));
  });
  for (const { name, url } of CLIPS) {
    const truth = manifest.clips[name];
    it(`${name}: copy split at the previous keyframe`, async () => {
      const r = await split(await bytes(url), 1.5);
      expect(Math.abs(r.cut - (truth.keyframes.filter((k) => k <= 1.5).at(-1) ?? NaN))).toBeLessThan(EPS);
      await checkInvariants(r, truth.pts);
    });
    it(`${name}: exact split re-encodes the future with WebCodecs`, async () => {
      const r = await split(await bytes(url), 1.5, { mode: 'exact' });
      expect(r.future.reencoded).toBe(true);
      expect([r.past.spliceFallback, r.future.spliceFallback]).toEqual([null, null]);
      // Only the head up to the next keyframe (1.5 s -> 2 s at 30 fps) is re-encoded; the rest is copied.
      const nextKey = truth.keyframes.find((k) => k > r.cut + EPS) ?? NaN;
      expect(r.future.reencodedFrames).toBe(
        truth.pts.filter((t) => t >= r.cut - EPS && t < nextKey - EPS).length,
      );
      expect(r.future.reencodedFrames).toBeLessThan(r.future.frames);
      // The past re-encodes only [last keyframe before the cut, cut) when its last GOP has B-frames.
      const prevKey = truth.keyframes.filter((k) => k < r.cut - EPS).at(-1) ?? NaN;
      if (r.past.reencoded) {
        expect(r.past.reencodedFrames).toBe(
          truth.pts.filter((t) => t >= prevKey - EPS && t < r.cut - EPS).length,
        );
      }
      // Chromium decodes every frame of both spliced halves.
      expect((await detectScenes(r.future.data ?? new Uint8Array())).frames).toBe(r.future.frames);
      expect((await detectScenes(r.past.data ?? new Uint8Array())).frames).toBe(r.past.frames);
      expect(Math.abs(r.cut - (truth.pts.find((t) => t >= 1.5 - EPS) ?? NaN))).toBeLessThan(EPS);
      await checkInvariants(r, truth.pts);
    });
  }
  it('probes a URL (ranged fetches) and a File alike', async () => {
    const truth = manifest.clips['scenes-h264.mp4'];
    const fromUrl = await probe(new URL(h264Url, location.href).href, { timestamps: true });
    const fromFile = await probe(new File([await bytes(h264Url)], 'clip.mp4'), { timestamps: true });
    expect(fromUrl).toEqual(fromFile);
    expect(fromUrl.frames).toBe(truth.pts.length);
    expect(fromUrl.keyframes).toEqual(truth.keyframes);
  });
  it("returns VideoFrames with output: 'videoframe'", async () => {
    const s = await sampleFrames(await bytes(vp9Url), { nframes: 4, output: 'videoframe' });
    expect(s.frames.map((f) => f.index)).toEqual(s.plan.indices);
    for (const f of s.frames) {
      expect(f.videoFrame).toBeInstanceOf(VideoFrame);
      expect([f.width, f.height]).toEqual([128, 96]);
      expect(f.videoFrame?.visibleRect?.width).toBe(128);
      f.videoFrame?.close();
    }
  });
  it('decodes the visible 128×96 pixels of VP9 (coded 192 wide in Chromium)', async () => {
    const s = await sampleFrames(await bytes(vp9Url), { nframes: 2, resize: false });
    expect(s.frames.map((f) => [f.width, f.height, f.rgb?.length])).toEqual([
      [128, 96, 128 * 96 * 3],
      [128, 96, 128 * 96 * 3],
    ]);
  });
  it('samples frames and finds the scene cut', async () => {
    const blob = await bytes(h264Url);
    const s = await sampleFrames(blob, { fps: 2, maxFrames: 32, totalPixels: 1605632, minPixels: 3136 });
    expect(s.frames.length).toBe(6);
    expect(s.frames[0]?.rgb?.length).toBe((s.frames[0]?.width ?? 0) * (s.frames[0]?.height ?? 0) * 3);
    const scenes = await detectScenes(blob);
    expect(scenes.cuts.map((c) => c.time)).toEqual([1.5]);
  });
});
