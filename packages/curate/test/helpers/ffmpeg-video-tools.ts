import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { VideoTools } from '@nextevent/curate';

const run = promisify(execFile);

/**
 * A {@link VideoTools} on the ffmpeg command line, for tests that must not depend on @nextevent/video: ffprobe's
 * format duration, ffmpeg's `scene` score (> 0.3) for cuts, and frame-accurate re-encoded halves.
 */
export const ffmpegVideoTools: VideoTools = {
  async probe(path) {
    const { stdout } = await run('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      path,
    ]);
    return { durationSec: Number(stdout.trim()) };
  },
  async detectScenes(path) {
    const { stderr } = await run('ffmpeg', [
      '-hide_banner',
      '-i',
      path,
      '-vf',
      "select='gt(scene,0.3)',showinfo",
      '-an',
      '-f',
      'null',
      '-',
    ]);
    return [...stderr.matchAll(/pts_time:([0-9.]+)/g)].map((m) => Number(m[1]));
  },
  async split(path, atSec, out) {
    const enc = ['-c:v', 'libx264', '-preset', 'veryfast', '-an', '-loglevel', 'error', '-y'];
    await run('ffmpeg', ['-i', path, '-to', String(atSec), ...enc, out.pastPath]);
    await run('ffmpeg', ['-ss', String(atSec), '-i', path, ...enc, out.futurePath]);
    return { atSec };
  },
};
