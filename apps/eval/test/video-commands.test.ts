import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tmp, type Json } from './helpers/cli.js';

const run = promisify(execFile);
let clip = '';

/** ffprobe's video frame timestamps (pts, ascending) and keyframe times. */
async function ffprobe(path: string): Promise<{ pts: number[]; keys: number[] }> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries',
    'packet=pts_time,flags', '-of', 'json', path]); // prettier-ignore
  const packets = (JSON.parse(stdout) as { packets: { pts_time: string; flags: string }[] }).packets;
  const pts = packets.map((p) => Number(p.pts_time)).sort((a, b) => a - b);
  const keys = packets
    .filter((p) => p.flags.includes('K'))
    .map((p) => Number(p.pts_time))
    .sort((a, b) => a - b);
  return { pts, keys };
}

beforeAll(async () => {
  // 6 s, 30 fps, three scenes (cuts at 2 s and 4 s), keyframe every 1 s, 2 B-frames, AAC audio.
  clip = join(tmp(), 'scenes.mp4');
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=2',
    '-f', 'lavfi', '-i', 'smptebars=size=160x120:rate=30:duration=2',
    '-f', 'lavfi', '-i', 'rgbtestsrc=size=160x120:rate=30:duration=2',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6',
    '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p[v]', '-map', '[v]', '-map', '3:a',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-bf', '2',
    '-c:a', 'aac', '-b:a', '48k', '-shortest', clip]); // prettier-ignore
});

describe('nextevent probe', () => {
  it('--json prints the documented fields, matching ffprobe', async () => {
    const r = await runCli(['probe', clip, '--json']);
    expect(r.code).toBe(0);
    const j: Json = JSON.parse(r.stdout);
    const truth = await ffprobe(clip);
    for (const key of [
      'container',
      'videoCodec',
      'width',
      'height',
      'rotation',
      'duration',
      'startTime',
      'frames',
      'fps',
      'keyframes',
      'hasAudio',
    ]) {
      expect(j).toHaveProperty(key);
    }
    expect(j).toMatchObject({
      container: 'MP4',
      videoCodec: 'avc',
      width: 160,
      height: 120,
      rotation: 0,
      hasAudio: true,
    });
    expect(j.frames).toBe(truth.pts.length);
    expect(j.keyframes).toEqual(truth.keys);
    expect(j.fps).toBeCloseTo(30, 6);
    expect(j.timestamps).toBeUndefined();
  });
  it('--frames adds every timestamp; plain output is text', async () => {
    const j: Json = JSON.parse((await runCli(['probe', clip, '--frames', '--json'])).stdout);
    const truth = await ffprobe(clip);
    expect(j.timestamps).toHaveLength(truth.pts.length);
    const text = await runCli(['probe', clip]);
    expect(text.stdout).toMatch(/frames\s+180/);
  });
  it('a missing file is the system ENOENT error naming the path, not CorruptMediaError', async () => {
    const missing = join(tmp(), 'missing.mp4');
    const r = await runCli(['probe', missing]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      `error: ${missing}: cannot read the file (ENOENT: no such file or directory, open '${missing}')\n`,
    );
  });
  it('fails with exit 1 and a typed error on a non-video', async () => {
    const r = await runCli(['probe', join(import.meta.dirname, 'tsconfig.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/UnsupportedFormatError/);
  });
});

describe('nextevent split', () => {
  it('--json: copy mode cuts at the previous keyframe, halves verified by ffprobe', async () => {
    const out = join(tmp(), 'out');
    const r = await runCli(['split', clip, '--at', '2.5', '--out', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const j: Json = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(expect.arrayContaining(['cut', 'past', 'future']));
    expect(j.cut).toBe(2);
    expect(Object.keys(j.past)).toEqual(expect.arrayContaining(['path', 'frames', 'start', 'end']));
    const [past, future] = await Promise.all([ffprobe(j.past.path), ffprobe(j.future.path)]);
    expect([past.pts.length, future.pts.length]).toEqual([60, 120]);
    expect([j.past.frames, j.future.frames]).toEqual([60, 120]);
    expect(j.past).toMatchObject({ start: 0, end: 2 });
    expect(j.future).toMatchObject({ start: 2, end: 6 });
    expect(readdirSync(out).sort()).toEqual(['scenes.future.mp4', 'scenes.past.mp4']);
  });
  it('--mode exact and --keyframe next', async () => {
    const exact: Json = JSON.parse(
      (await runCli(['split', clip, '--at', '2.5', '--out', tmp(), '--mode', 'exact', '--json'])).stdout,
    );
    expect(exact.cut).toBe(2.5);
    expect(exact.past.frames + exact.future.frames).toBe(180);
    const next: Json = JSON.parse(
      (await runCli(['split', clip, '--at', '2.5', '--out', tmp(), '--keyframe', 'next', '--json'])).stdout,
    );
    expect(next.cut).toBe(3);
  });
  it('names the halves after the container written, whatever the source is called', async () => {
    const dir = tmp();
    const webm = join(dir, 'clip');
    await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
      'testsrc2=size=64x48:rate=10:duration=2', '-c:v', 'libvpx', '-g', '5', '-f', 'webm', webm]); // prettier-ignore
    copyFileSync(webm, join(dir, 'mislabelled.mp4'));
    for (const [source, stem] of [
      [webm, 'clip'],
      [join(dir, 'mislabelled.mp4'), 'mislabelled'],
    ] as const) {
      const out = join(dir, `out-${stem}`);
      const r = await runCli(['split', source, '--at', '1', '--out', out, '--json']);
      expect(r.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual([`${stem}.future.webm`, `${stem}.past.webm`]);
      expect(JSON.parse(r.stdout).past.path).toBe(join(out, `${stem}.past.webm`));
    }
  });
  it('a failed split leaves no --out behind', async () => {
    const dir = tmp();
    const missing = await runCli(['split', join(dir, 'missing.mp4'), '--at', '1', '--out', join(dir, 'a')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('ENOENT');
    expect(missing.stderr).not.toContain('CorruptMediaError');
    const late = await runCli(['split', clip, '--at', '2.5', '--out', join(dir, 'b', 'c')], {
      signal: AbortSignal.abort(new Error('stop')),
    });
    expect(late.code).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });
  it('bad --at is a usage error; out of range is a failure naming the range', async () => {
    expect((await runCli(['split', clip, '--at', 'soon', '--out', tmp()])).code).toBe(2);
    const dir = tmp();
    const r = await runCli(['split', clip, '--at', '9', '--out', dir]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SplitOutOfRangeError: .*between 0 s and 6 s/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('nextevent frames', () => {
  it('writes the FutureBench sample as PNG + frames.json', async () => {
    const out = join(tmp(), 'frames');
    const r = await runCli(['frames', clip, '--out', out, '--json']);
    expect(r.code).toBe(0);
    const meta: Json = JSON.parse(readFileSync(join(out, 'frames.json'), 'utf8'));
    expect(JSON.parse(r.stdout)).toEqual(meta);
    // 6 s at 2 fps = 12 frames; indices = round(linspace(0, 179, 12)) with ties to even.
    expect(meta.indices).toEqual([0, 16, 33, 49, 65, 81, 98, 114, 130, 146, 163, 179]);
    expect(meta.secondPerGridT).toBe(1);
    expect(meta.files).toHaveLength(12);
    const info = await sharp(join(out, meta.files[0])).metadata();
    expect([info.format, info.width, info.height, info.channels]).toEqual([
      'png',
      meta.resizedWidth,
      meta.resizedHeight,
      3,
    ]);
    expect(existsSync(join(out, 'frame-0011.png'))).toBe(true);
  });
  it('a re-run into the same --out replaces the previous frame files and keeps unrelated files', async () => {
    const out = join(tmp(), 'frames');
    expect((await runCli(['frames', clip, '--out', out])).code).toBe(0);
    writeFileSync(join(out, 'notes.txt'), 'mine');
    writeFileSync(join(out, 'frame-notes.png'), 'mine too');
    const r = await runCli(['frames', clip, '--out', out, '--nframes', '4']);
    expect(r.code).toBe(0);
    const meta: Json = JSON.parse(readFileSync(join(out, 'frames.json'), 'utf8'));
    expect(meta.files).toEqual(['frame-0000.png', 'frame-0001.png', 'frame-0002.png', 'frame-0003.png']);
    expect(readdirSync(out).sort()).toEqual(
      [...meta.files, 'frame-notes.png', 'frames.json', 'notes.txt'].sort(),
    );
  });
  it('refuses up front a planned frame size beyond qwen-vl-utils MAX_PIXELS (no out-of-memory kill)', async () => {
    const out = join(tmp(), 'frames');
    const r = await runCli(['frames', clip, '--out', out, '--min-pixels', '999999999']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^error: the planned frame size \d+x\d+ \(\d+ pixels\) exceeds 12845056 pixels per frame \(qwen-vl-utils MAX_PIXELS/,
    );
    expect(existsSync(out)).toBe(false);
  });
  it('--nframes with --fps is a usage error', async () => {
    expect((await runCli(['frames', clip, '--out', tmp(), '--fps', '1', '--nframes', '4'])).code).toBe(2);
  });
});

describe('nextevent scenes', () => {
  it('--json finds the cuts at 2 s and 4 s', async () => {
    const r = await runCli(['scenes', clip, '--json']);
    expect(r.code).toBe(0);
    const j: Json = JSON.parse(r.stdout);
    expect(j.cuts.map((c: Json) => c.time)).toEqual([2, 4]);
    expect(j.scenes).toEqual([[0, 2], [2, 4], [4, 6]]); // prettier-ignore
  });
});
