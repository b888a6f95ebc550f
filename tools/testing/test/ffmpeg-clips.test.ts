import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffprobeFrameCount, makeFfmpegClip } from '@nextevent/testing/ffmpeg-clips';

const dir = mkdtempSync(join(tmpdir(), 'ffmpeg-clips-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const THREE_FRAMES = [
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=64x48:rate=10',
  '-frames:v',
  '3',
  '-pix_fmt',
  'yuv420p',
];

describe('makeFfmpegClip', () => {
  it('makes the clip once (shared by concurrent calls), leaves no temp file, and ffprobe counts its frames', async () => {
    const out = join(dir, 'sub', 'three.mp4');
    const [a, b] = await Promise.all([makeFfmpegClip(out, THREE_FRAMES), makeFfmpegClip(out, THREE_FRAMES)]);
    expect(a).toBe(out);
    expect(b).toBe(out);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['three.mp4']);
    expect(await ffprobeFrameCount(out)).toBe(3);
  });

  it('runs the second pass on the first output', async () => {
    const out = join(dir, 'two-pass.mp4');
    await makeFfmpegClip(out, THREE_FRAMES, ['-frames:v', '2', '-c:v', 'libx264']);
    expect(await ffprobeFrameCount(out)).toBe(2);
    expect(readdirSync(dir).filter((f) => f.includes('tmp'))).toEqual([]);
  });

  it('fails with ffmpeg error and leaves nothing behind', async () => {
    const out = join(dir, 'bad.mp4');
    await expect(makeFfmpegClip(out, ['-f', 'lavfi', '-i', 'nosuchsource'])).rejects.toThrow(/ffmpeg/);
    expect(readdirSync(dir).filter((f) => f.includes('bad'))).toEqual([]);
  });
});
