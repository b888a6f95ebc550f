/**
 * Test clips made with the system ffmpeg, and ffprobe as the independent judge of media files. Node only: import
 * from `@nextevent/testing/ffmpeg-clips` (the main entry stays browser-safe). `packages/video/test/clips.ts`
 * has its own copy of this logic that could move onto these helpers.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Global flags put before every ffmpeg command line. */
const FFMPEG_FLAGS = ['-hide_banner', '-loglevel', 'error', '-y'];

const pending = new Map<string, Promise<string>>();

/**
 * Makes the file `out` with `ffmpeg <args> <out>` unless it already exists (clips are reused across runs), and
 * resolves to `out`. With `secondPass`, the first output is then run through `ffmpeg -i <first> <secondPass>`
 * (for example a stream copy that adds metadata). ffmpeg writes to a temp name beside `out` (keeping its
 * extension, from which ffmpeg picks the container) that is renamed when done, so parallel test files never see
 * half a file; calls for the same `out` in one process share one run; temp files are removed on failure.
 */
export function makeFfmpegClip(
  out: string,
  args: readonly string[],
  secondPass?: readonly string[],
): Promise<string> {
  let p = pending.get(out);
  if (!p) {
    p = (async () => {
      if (existsSync(out)) {
        return out;
      }
      const dir = dirname(out);
      await mkdir(dir, { recursive: true });
      const tmp = join(dir, `tmp-${process.pid}-${basename(out)}`);
      const tmp1 = join(dir, `tmp1-${process.pid}-${basename(out)}`);
      try {
        if (secondPass) {
          await run('ffmpeg', [...FFMPEG_FLAGS, ...args, tmp1]);
          await run('ffmpeg', [...FFMPEG_FLAGS, '-i', tmp1, ...secondPass, tmp]);
        } else {
          await run('ffmpeg', [...FFMPEG_FLAGS, ...args, tmp]);
        }
        await rename(tmp, out);
      } finally {
        await rm(tmp, { force: true });
        await rm(tmp1, { force: true });
      }
      return out;
    })();
    pending.set(out, p);
  }
  return p;
}

/** Number of frames ffprobe decodes from the first video stream of `path` (`-count_frames`). */
export async function ffprobeFrameCount(path: string): Promise<number> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v:0',
    '-count_frames',
    '-show_entries',
    'stream=nb_read_frames',
    '-of',
    'json',
    path,
  ]);
  const j = JSON.parse(stdout) as { streams: { nb_read_frames?: string }[] };
  const count = j.streams[0]?.nb_read_frames;
  if (count === undefined) {
    throw new Error(`ffprobeFrameCount: ffprobe found no video stream in ${path}`);
  }
  return Number(count);
}
