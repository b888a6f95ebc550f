import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  CorruptMediaError,
  NoVideoTrackError,
  probe,
  UnsupportedFormatError,
  type ProbeResult,
} from '@nextevent/video';
import { clip, ffprobeFrameCount, ffprobeFrames, GENERATED, type ClipName } from './clips.js';

const run = promisify(execFile);

/** ffprobe's clockwise display rotation (its displaymatrix `rotation` is counter-clockwise). */
async function ffprobeRotation(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries',
    'stream_side_data=rotation', '-of', 'json', path]); // prettier-ignore
  const j = JSON.parse(stdout) as { streams: { side_data_list?: { rotation?: number }[] }[] };
  const ccw = j.streams[0]?.side_data_list?.find((s) => s.rotation !== undefined)?.rotation ?? 0;
  return ((-ccw % 360) + 360) % 360;
}

async function ffprobeHasAudio(path: string): Promise<boolean> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'a', '-show_entries',
    'stream=codec_type', '-of', 'csv=p=0', path]); // prettier-ignore
  return stdout.trim() !== '';
}

const VIDEO_CLIPS: ClipName[] = [
  'h264',
  'vp9',
  'longgop',
  'av1',
  'vfr',
  'rotated',
  'fragmented',
  'odd',
  'three',
  'ts',
];

describe('probe agrees with ffprobe on every fixture', () => {
  for (const name of VIDEO_CLIPS) {
    it(name, async () => {
      const path = await clip(name);
      const [ours, truth, count, rotation, hasAudio] = await Promise.all([
        probe(path, { timestamps: true }),
        ffprobeFrames(path),
        ffprobeFrameCount(path),
        ffprobeRotation(path),
        ffprobeHasAudio(path),
      ]);
      expect(ours.frames).toBe(count);
      expect(ours.frames).toBe(truth.pts.length);
      // ffprobe prints timestamps rounded to 1 µs.
      expect(ours.timestamps?.length).toBe(truth.pts.length);
      ours.timestamps?.forEach((t, i) => expect(Math.abs(t - (truth.pts[i] ?? NaN))).toBeLessThan(1e-6));
      expect(ours.keyframes.length).toBe(truth.keyframes.length);
      ours.keyframes.forEach((t, i) => expect(Math.abs(t - (truth.keyframes[i] ?? NaN))).toBeLessThan(1e-6));
      expect(ours.startTime).toBeCloseTo(truth.pts[0] ?? NaN, 6);
      expect([ours.codedWidth, ours.codedHeight]).toEqual([truth.width, truth.height]);
      expect(ours.rotation).toBe(rotation);
      const swapped = rotation % 180 !== 0;
      expect([ours.width, ours.height]).toEqual(
        swapped ? [truth.height, truth.width] : [truth.width, truth.height],
      );
      expect(ours.hasAudio).toBe(hasAudio);
      const codecs: Record<string, string> = { h264: 'avc', vp9: 'vp9', av1: 'av1' };
      expect(ours.videoCodec).toBe(codecs[truth.codec]);
    });
  }

  it('reports average and real frame rate (29.97 CFR, and VFR)', async () => {
    const cfr = await probe(await clip('longgop'));
    expect(cfr.realFps).toBeCloseTo(30000 / 1001, 9);
    expect(cfr.fps).toBeCloseTo(30000 / 1001, 9);
    expect(cfr.constantFrameRate).toBe(true);
    const vfr = await probe(await clip('vfr'));
    expect(vfr.constantFrameRate).toBe(false);
    // 50 frames over 0..(2.9 + 1/30) s, from the clip's construction (30 frames in 1 s, then 20 at 10 fps).
    expect(vfr.fps).toBeCloseTo(50 / (2.9 + 1 / 30), 6);
  });

  it('reads the container and MIME type', async () => {
    const r = await probe(await clip('vp9'));
    expect(r.container).toBe('WebM');
    expect(r.mimeType).toMatch(/^video\/webm; codecs="vp09\./);
    expect(r.audioCodec).toBe('opus');
  });
});

describe('probe sources', () => {
  const same = (a: ProbeResult, b: ProbeResult): void => {
    expect({ ...a, duration: 0 }).toEqual({ ...b, duration: 0 });
  };
  it('reads a path, a file: URL, a Buffer, an ArrayBuffer, a Blob, a Node stream and a web stream alike', async () => {
    const path = await clip('h264');
    const ref = await probe(path);
    const buf = readFileSync(path);
    same(await probe(new URL(`file://${path}`)), ref);
    same(await probe(buf), ref);
    same(await probe(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)), ref);
    same(await probe(new Blob([buf])), ref);
    same(await probe(createReadStream(path)), ref);
    same(await probe(new Blob([buf]).stream()), ref);
  });
  it('rejects what is not a source with TypeError', async () => {
    await expect(probe(42 as unknown as string)).rejects.toThrow(TypeError);
    for (const bad of [null, undefined, {}] as unknown as string[]) {
      await expect(probe(bad)).rejects.toThrow(/^`source` must be a path or URL string, URL, Blob\/File/);
    }
    await expect(probe(await clip('three'), { timestamps: 1 as unknown as boolean })).rejects.toThrow(
      TypeError,
    );
    await expect(probe(await clip('three'), { signal: 'x' as unknown as AbortSignal })).rejects.toThrow(
      '`options.signal`, when provided, must be an AbortSignal.',
    );
  });
});

describe('probe errors', () => {
  const dir = join(GENERATED, 'broken');
  mkdirSync(dir, { recursive: true });
  const write = (name: string, bytes: Uint8Array | string): string => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };

  it('empty file -> CorruptMediaError', async () => {
    await expect(probe(write('empty.mp4', ''))).rejects.toThrow(CorruptMediaError);
  });
  it('text file -> UnsupportedFormatError', async () => {
    await expect(probe(write('notes.mp4', 'hello, this is not a video\n'.repeat(50)))).rejects.toThrow(
      UnsupportedFormatError,
    );
  });
  it('audio-only file -> NoVideoTrackError', async () => {
    await expect(probe(await clip('audioOnly'))).rejects.toThrow(NoVideoTrackError);
  });
  it('missing file -> the system ENOENT error naming the path, not CorruptMediaError', async () => {
    const missing = join(dir, 'nope.mp4');
    const err = (await probe(missing).catch((e: unknown) => e)) as NodeJS.ErrnoException;
    expect(err).not.toBeInstanceOf(CorruptMediaError);
    expect(err.code).toBe('ENOENT');
    expect(err.message).toBe(
      `${missing}: cannot read the file (ENOENT: no such file or directory, open '${missing}')`,
    );
  });
  it('truncated MP4 (index at the front, media cut off) -> CorruptMediaError', async () => {
    const bytes = readFileSync(await clip('h264'));
    await expect(probe(write('trunc-front.mp4', bytes.subarray(0, bytes.length >> 1)))).rejects.toThrow(
      CorruptMediaError,
    );
  });
  it('truncated MP4 (index at the end, cut off) -> CorruptMediaError', async () => {
    const bytes = readFileSync(await clip('longgop'));
    await expect(probe(write('trunc-end.mp4', bytes.subarray(0, bytes.length >> 1)))).rejects.toThrow(
      CorruptMediaError,
    );
  });
  it('truncated WebM -> CorruptMediaError', async () => {
    const bytes = readFileSync(await clip('vp9'));
    await expect(probe(write('trunc.webm', bytes.subarray(0, bytes.length >> 1)))).rejects.toThrow(
      CorruptMediaError,
    );
  });
});
