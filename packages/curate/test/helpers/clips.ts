import { join } from 'node:path';
import { ffprobeFrameCount, makeFfmpegClip } from '@nextevent/testing/ffmpeg-clips';

/** Gitignored folder (`.cache`) where the generated clips live, shared by the test files. */
export const CLIP_DIR = join(import.meta.dirname, '..', '..', '.cache', 'test-clips');

/** Frames per second of every clip. */
export const CLIP_FPS = 30;

/**
 * Three 2-second scenes from different lavfi sources, so the scene cuts are at exactly 2 s and 4 s; H.264 with a
 * keyframe every second and 2 B-frames (as in the video research notes), no audio. The sources (and `hue`) differ
 * per clip so that every clip has its own content hash.
 */
const SOURCES = [
  ['testsrc2', 'smptebars', 'rgbtestsrc'],
  ['smptebars', 'testsrc2', 'rgbtestsrc'],
  ['rgbtestsrc', 'testsrc2', 'smptebars'],
  ['testsrc2', 'rgbtestsrc', 'smptebars'],
  ['smptebars', 'rgbtestsrc', 'testsrc2'],
  ['rgbtestsrc', 'smptebars', 'testsrc2'],
] as const;

/** Makes `<CLIP_DIR>/<name>` (once; reused across runs) and returns its path. `variant` picks the scene order. */
export function makeClip(name: string, variant: number): Promise<string> {
  const sources = SOURCES[variant % SOURCES.length]!;
  const inputs = sources.flatMap((s) => [
    '-f',
    'lavfi',
    '-i',
    `${s}=size=160x120:rate=${CLIP_FPS}:duration=2`,
  ]);
  return makeFfmpegClip(join(CLIP_DIR, name), [
    ...inputs,
    '-filter_complex',
    `[0:v][1:v][2:v]concat=n=3:v=1:a=0,hue=h=${variant * 40},format=yuv420p[v]`,
    '-map',
    '[v]',
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-g',
    '30',
    '-keyint_min',
    '30',
    '-sc_threshold',
    '0',
    '-bf',
    '2',
    '-movflags',
    '+faststart',
  ]);
}

/** Number of decoded video frames, counted by ffprobe (an independent check of split outputs). */
export const countFrames = ffprobeFrameCount;
