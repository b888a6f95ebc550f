import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { detectScenes, probe, split, SplitOutOfRangeError, type SplitOptions } from '@nextevent/video';
import { clip, ffmpegFrame, ffprobeFrameCount, ffprobeFrames, GENERATED, type ClipName } from './clips.js';

const run = promisify(execFile);
const EPS = 1e-3; // container timescales round to ≤ 1 ms here

/** ffprobe's audio packets (pts, end) of the first audio stream, or null without audio. */
async function ffprobeAudio(path: string): Promise<{ first: number; end: number } | null> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a:0', '-show_entries',
    'packet=pts_time,duration_time', '-of', 'json', path]); // prettier-ignore
  const packets =
    (JSON.parse(stdout) as { packets?: { pts_time: string; duration_time?: string }[] }).packets ?? [];
  if (packets.length === 0) {
    return null;
  }
  const starts = packets.map((p) => Number(p.pts_time));
  const ends = packets.map((p) => Number(p.pts_time) + Number(p.duration_time ?? 0));
  return { first: Math.min(...starts), end: Math.max(...ends) };
}

let counter = 0;
const outDir = (): string => {
  const d = join(GENERATED, 'split', `${process.pid}-${counter++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/**
 * Splits `name` at `at` and checks every invariant against ffprobe's reading of the source and the two outputs:
 * past + future = all frames (same relative timestamps, nothing lost or duplicated), every past frame is before the
 * cut, the future starts at the cut, audio does not overlap the cut, no temp files left.
 */
async function checkSplit(name: ClipName, at: number, options: Omit<SplitOptions, 'output'>) {
  const src = await clip(name);
  const ext = src.split('.').pop() ?? 'mp4';
  const dir = outDir();
  const r = await split(src, at, {
    ...options,
    output: { past: join(dir, `past.${ext}`), future: join(dir, `future.${ext}`) },
  });
  const truth = await ffprobeFrames(src);
  const [past, future] = await Promise.all([ffprobeFrames(join(dir, `past.${ext}`)), ffprobeFrames(join(dir, `future.${ext}`))]); // prettier-ignore
  const first = truth.pts[0] ?? NaN;
  const wantPast = truth.pts.filter((t) => t < r.cut - EPS);
  const wantFuture = truth.pts.filter((t) => t >= r.cut - EPS);

  expect(past.pts.length + future.pts.length).toBe(truth.pts.length);
  expect(past.pts.length).toBe(wantPast.length);
  expect(future.pts.length).toBe(wantFuture.length);
  expect([r.past.frames, r.future.frames]).toEqual([wantPast.length, wantFuture.length]);
  const p0 = past.pts[0] ?? NaN;
  past.pts.forEach((t, i) => expect(Math.abs(t - p0 + first - (wantPast[i] ?? NaN))).toBeLessThan(EPS));
  const f0 = future.pts[0] ?? NaN;
  future.pts.forEach((t, i) => expect(Math.abs(t - f0 + r.cut - (wantFuture[i] ?? NaN))).toBeLessThan(EPS));
  // The future's first frame is the cut, and the cut is one of the source's frames.
  expect(Math.abs((wantFuture[0] ?? NaN) - r.cut)).toBeLessThan(EPS);
  expect(r.past.end).toBeLessThanOrEqual(r.cut + EPS);
  expect(r.future.start).toBe(r.cut);
  // The future's first frame is a keyframe of the output (it decodes on its own).
  expect(Math.abs((future.keyframes[0] ?? NaN) - f0)).toBeLessThan(EPS);

  const [srcAudio, pastAudio, futureAudio] = await Promise.all([ffprobeAudio(src), ffprobeAudio(join(dir, `past.${ext}`)), ffprobeAudio(join(dir, `future.${ext}`))]); // prettier-ignore
  if (srcAudio) {
    expect(pastAudio).not.toBeNull();
    expect(futureAudio).not.toBeNull();
    // No audio from after the cut in the past, none from before it in the future; at most ~1 audio frame of gap.
    expect((pastAudio?.end ?? NaN) - p0).toBeLessThanOrEqual(r.cut - first + EPS);
    expect((pastAudio?.end ?? NaN) - p0).toBeGreaterThan(r.cut - first - 0.05);
    expect((futureAudio?.first ?? NaN) - f0).toBeGreaterThanOrEqual(-EPS);
    expect((futureAudio?.first ?? NaN) - f0).toBeLessThan(0.05);
  } else {
    expect(pastAudio).toBeNull();
  }
  expect(readdirSync(dir).sort()).toEqual([`future.${ext}`, `past.${ext}`]);
  // Same container and display rotation as the source.
  const [srcInfo, pastInfo, futureInfo] = await Promise.all([probe(src), probe(join(dir, `past.${ext}`)), probe(join(dir, `future.${ext}`))]); // prettier-ignore
  expect([pastInfo.container, futureInfo.container]).toEqual([srcInfo.container, srcInfo.container]);
  expect([pastInfo.rotation, futureInfo.rotation]).toEqual([srcInfo.rotation, srcInfo.rotation]);
  rmSync(dir, { recursive: true });
  return { r, truth };
}

const CASES: [ClipName, number][] = [
  ['h264', 2.5],
  ['vp9', 2.5],
  ['longgop', 6],
  ['av1', 1.2],
  ['vfr', 1.5],
  ['rotated', 1.1],
  ['fragmented', 1.5],
  ['odd', 1.1],
  ['ts', 3], // MPEG-TS timestamps start at 1.48 s
];

describe('split, copy mode (no re-encode), keyframe policies', () => {
  for (const [name, at] of CASES) {
    it(`${name} at ${at} s, previous keyframe: past never reaches at`, async () => {
      const { r, truth } = await checkSplit(name, at, {});
      expect(r.mode).toBe('copy');
      const prev = truth.keyframes.filter((k) => k <= at).at(-1) ?? NaN;
      expect(Math.abs(r.cut - prev)).toBeLessThan(EPS);
      expect(r.past.reencoded || r.future.reencoded).toBe(false);
    });
  }
  it('next and nearest keyframe (29.97 fps, long GOP)', async () => {
    const next = await checkSplit('longgop', 2, { keyframe: 'next' });
    expect(next.r.cut).toBeCloseTo(5.005, 6); // keyframes at 0 and 150/29.97 s
    const nearest = await checkSplit('h264', 2.6, { keyframe: 'nearest' });
    expect(nearest.r.cut).toBe(3);
    expect(nearest.r.shift).toBeCloseTo(0.4, 9);
    // 2.5 s is equidistant from the keyframes at 2 s and 3 s: the documented tie-break is 'previous'
    const tie = await checkSplit('h264', 2.5, { keyframe: 'nearest' });
    expect(tie.r.cut).toBe(2);
  });
  it('a cut exactly on a keyframe splits there', async () => {
    const { r } = await checkSplit('h264', 4, {});
    expect(r.cut).toBe(4);
    expect([r.past.frames, r.future.frames]).toEqual([120, 60]);
  });
});

describe('split, exact mode (re-encodes only a half that is not GOP-aligned)', () => {
  for (const [name, at] of [...CASES, ['three', 0.15] as [ClipName, number]]) {
    it(`${name} at ${at} s: cut is the first frame at or after at`, async () => {
      const { r, truth } = await checkSplit(name, at, { mode: 'exact' });
      const firstAfter = truth.pts.find((t) => t >= at - EPS) ?? NaN;
      expect(Math.abs(r.cut - firstAfter)).toBeLessThan(EPS);
      expect(r.keyframe).toBeNull();
    });
  }
  it('does not re-encode when the cut is a keyframe', async () => {
    const { r } = await checkSplit('h264', 3, { mode: 'exact' });
    expect([r.past.reencoded, r.future.reencoded]).toEqual([false, false]);
  });
});

describe('split errors leave nothing behind', () => {
  const attempt = async (at: number, options: Omit<SplitOptions, 'output'> = {}) => {
    const dir = outDir();
    const err = await split(await clip('h264'), at, {
      ...options,
      output: { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') },
    }).catch((e: unknown) => e);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
    return err;
  };
  it('at <= start or >= end -> SplitOutOfRangeError', async () => {
    expect(await attempt(0)).toBeInstanceOf(SplitOutOfRangeError);
    expect(await attempt(-1)).toBeInstanceOf(SplitOutOfRangeError);
    expect(await attempt(6)).toBeInstanceOf(SplitOutOfRangeError);
    expect(String(await attempt(7))).toMatchInlineSnapshot(
      `"SplitOutOfRangeError: split point at=7 s is outside the video: it must be strictly between 0 s and 6 s"`,
    );
  });
  it('no keyframe under the policy -> SplitOutOfRangeError naming the keyframes', async () => {
    const err = await attempt(0.5);
    expect(err).toBeInstanceOf(SplitOutOfRangeError);
    expect(String(err)).toMatch(/no keyframe in \(0, 0\.5\].*keyframes: \[0, 1, 2, 3, 4, 5\]/);
    const three = await split(await clip('three'), 0.15).catch((e: unknown) => e);
    expect(three).toBeInstanceOf(SplitOutOfRangeError);
  });
  it('suggests only the keyframe policies that find a keyframe', async () => {
    // h264 at 0.5 s: no keyframe in (0, 0.5] but one at 1 s.
    expect(String(await attempt(0.5))).toMatch(/; use keyframe 'next'\/'nearest' or mode 'exact'$/);
    // longgop (keyframes at 0 and ~5 s) at 6 s with 'next': none after, the one at ~5 s is before.
    const next = await split(await clip('longgop'), 6, { keyframe: 'next' }).catch((e: unknown) => e);
    expect(next).toBeInstanceOf(SplitOutOfRangeError);
    expect(String(next)).toMatch(
      /no keyframe at or after 6 .*; use keyframe 'previous'\/'nearest' or mode 'exact'$/,
    );
    // three frames, one keyframe at 0: no policy finds one.
    const three = await split(await clip('three'), 0.15, { keyframe: 'nearest' }).catch((e: unknown) => e);
    expect(String(three)).toMatch(/no keyframe at all .*; use mode 'exact'$/);
  });
  it('bad arguments -> TypeError', async () => {
    expect(await attempt(Number.NaN)).toBeInstanceOf(TypeError);
    expect(await attempt(1, { mode: 'fast' as 'copy' })).toBeInstanceOf(TypeError);
    expect(await attempt(1, { keyframe: 'closest' as 'next' })).toBeInstanceOf(TypeError);
  });
});

describe('split without an output path', () => {
  it('returns both halves as bytes', async () => {
    const r = await split(await clip('vp9'), 3.5);
    expect(r.past.path).toBeNull();
    expect(r.past.data?.byteLength).toBeGreaterThan(1000);
    expect(r.future.data?.byteLength).toBeGreaterThan(1000);
    expect(r.past.frames + r.future.frames).toBe(180);
  });
});

describe('cancellation', () => {
  it('an aborted split rejects with the reason and leaves nothing behind', async () => {
    const dir = outDir();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const err = await split(await clip('longgop'), 6, {
      signal: controller.signal,
      output: { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') },
    }).catch((e: unknown) => e);
    expect(String(err)).toBe('Error: stop');
    expect(readdirSync(dir)).toEqual([]);
  });
  it('a failed split removes the output folders it created (and only those)', async () => {
    const dir = outDir();
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    const err = await split(await clip('longgop'), 6, {
      signal: controller.signal,
      output: { past: join(dir, 'new', 'deeper', 'p.mp4'), future: join(dir, 'new', 'f.mp4') },
    }).catch((e: unknown) => e);
    expect(String(err)).toBe('Error: stop');
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('split output folders', () => {
  it('creates missing output folders', async () => {
    const dir = join(outDir(), 'a', 'b');
    const r = await split(await clip('h264'), 3, {
      output: { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') },
    });
    expect(readdirSync(dir).sort()).toEqual(['f.mp4', 'p.mp4']);
    expect(r.past.path).toBe(join(dir, 'p.mp4'));
  });
});

/**
 * The video packets of `path` in decode order: key flag (ffprobe) and MD5 of the data (ffmpeg's `framemd5` of a
 * stream copy). In MPEG-TS, access unit delimiters are dropped first: Mediabunny's TS muxer writes its own.
 */
async function packetHashes(path: string, codec: string): Promise<{ key: boolean; md5: string }[]> {
  const bsf = path.endsWith('.mpegts')
    ? ['-bsf:v', `filter_units=remove_types=${codec === 'hevc' ? 35 : 9}`]
    : [];
  const [hashes, probed] = await Promise.all([
    run('ffmpeg', ['-v', 'error', '-i', path, '-map', '0:v:0', '-c', 'copy', ...bsf, '-f', 'framemd5', '-']),
    run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=flags', '-of', 'json', path]),
  ]); // prettier-ignore
  const md5s = hashes.stdout
    .split('\n')
    .filter((l) => l.trim() !== '' && !l.startsWith('#'))
    .map((l) => l.split(',')[5]?.trim() ?? '');
  const flags = (JSON.parse(probed.stdout) as { packets: { flags: string }[] }).packets.map((p) => p.flags);
  expect(md5s.length).toBe(flags.length);
  return md5s.map((md5, i) => ({ key: flags[i]?.includes('K') ?? false, md5 }));
}

/**
 * Checks that a run of `n` packets of `out` (the first n or the last n, in decode order) is the same run of the
 * source, byte for byte, starting with a key packet; key packets may carry in-band codec parameters in front
 * (their decoded frames are compared separately).
 */
async function expectCopiedPackets(
  out: string,
  src: string,
  codec: string,
  run: 'first' | 'last',
  n: number,
) {
  const [o, s] = await Promise.all([packetHashes(out, codec), packetHashes(src, codec)]);
  const [a, b] = run === 'first' ? [o.slice(0, n), s.slice(0, n)] : [o.slice(-n), s.slice(-n)];
  expect(a.length).toBe(n);
  expect([a[0]?.key, b[0]?.key]).toEqual([true, true]);
  expect(a.map((p) => (p.key ? 'key' : p.md5))).toEqual(b.map((p) => (p.key ? 'key' : p.md5)));
}

/** ffmpeg decodes `path` without a single error, and Mediabunny decodes as many frames as ffprobe counts. */
async function expectDecodesCleanly(path: string, frames: number) {
  const { stderr } = await run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']);
  expect(stderr).toBe('');
  expect(await ffprobeFrameCount(path)).toBe(frames);
  expect((await detectScenes(path)).frames).toBe(frames);
}

describe('exact mode re-encodes only the GOP fragments the cut breaks', () => {
  for (const [name, at] of [
    ['h264', 2.5],
    ['vp9', 2.5],
    ['longgop', 2],
    ['fragmented', 1.5],
    ['h264Mov', 1.5],
    ['vp8', 1.5],
    ['vp9Mp4', 1.5],
    ['vp9Mkv', 1.5],
    ['av1', 0.5],
    ['av1Webm', 1.5],
    ['av1Mkv', 1.5],
    ['h264Mkv', 1.5],
    ['ts', 3],
    ['hevcMkv', 1.5],
    ['hevcTs', 3],
  ] as [ClipName, number][]) {
    it(`${name} at ${at} s: head up to the next keyframe re-encoded, tail copied bit-exact, decodes cleanly`, async () => {
      const src = await clip(name);
      const ext = src.split('.').pop() ?? 'mp4';
      const dir = outDir();
      const future = join(dir, `future.${ext}`);
      const r = await split(src, at, { mode: 'exact', output: { past: join(dir, `past.${ext}`), future } });
      const truth = await ffprobeFrames(src);
      const first = truth.pts[0] ?? NaN;
      const nextKey = truth.keyframes.find((k) => k > r.cut + EPS) ?? NaN;
      const head = truth.pts.filter((t) => t >= r.cut - EPS && t < nextKey - EPS).length;
      expect(head).toBeGreaterThan(0);
      expect(r.future.spliceFallback).toBeNull();
      expect(r.future.reencodedFrames).toBe(head);
      expect(r.future.reencodedFrames).toBeLessThan(r.future.frames);
      // ffmpeg and Mediabunny decode the whole future without a single error.
      await expectDecodesCleanly(future, r.future.frames);
      // The first copied frame is the source's frame at the next keyframe, bit for bit, and so are the packets.
      const [copied, original] = await Promise.all([
        ffmpegFrame(future, head),
        ffmpegFrame(src, r.past.frames + head),
      ]);
      expect(copied.length).toBeGreaterThan(0);
      expect(copied.equals(original)).toBe(true);
      const tailFrames = truth.pts.filter((t) => t >= nextKey - EPS).length;
      await expectCopiedPackets(future, src, truth.codec, 'last', tailFrames);
      // The past: copied up to the last keyframe before the cut, only [that keyframe, cut) re-encoded.
      const prevKey = truth.keyframes.filter((k) => k < r.cut - EPS).at(-1) ?? NaN;
      const tail = truth.pts.filter((t) => t >= prevKey - EPS && t < r.cut - EPS).length;
      const past = join(dir, `past.${ext}`);
      if (r.past.reencoded) {
        // When the broken GOP starts at the first frame, it is the whole past.
        expect(r.past.reencodedFrames).toBe(tail);
        expect(r.past.reencodedFrames < r.past.frames).toBe(prevKey > first + EPS);
        expect(r.past.spliceFallback === null).toBe(prevKey > first + EPS);
      }
      await expectDecodesCleanly(past, r.past.frames);
      const lastCopied = r.past.frames - r.past.reencodedFrames - 1;
      if (lastCopied >= 0) {
        const [p1, p2] = await Promise.all([ffmpegFrame(past, lastCopied), ffmpegFrame(src, lastCopied)]);
        expect(p1.length).toBeGreaterThan(0);
        expect(p1.equals(p2)).toBe(true);
        await expectCopiedPackets(past, src, truth.codec, 'first', lastCopied + 1);
      }
      rmSync(dir, { recursive: true });
    });
  }
  it('HEVC in MP4 re-encodes the whole half and says why (Mediabunny writes hvc1: no in-band parameter sets)', async () => {
    const src = await clip('hevc');
    const dir = outDir();
    const future = join(dir, 'future.mp4');
    const r = await split(src, 1.5, { mode: 'exact', output: { past: join(dir, 'past.mp4'), future } });
    expect(r.future.spliceFallback).toBe('no splice for hevc in MP4');
    expect(r.future.reencodedFrames).toBe(r.future.frames);
    await expectDecodesCleanly(future, r.future.frames);
    rmSync(dir, { recursive: true });
  });
});
