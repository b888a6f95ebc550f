/**
 * Test clips, generated with the system ffmpeg on first use into `test/.generated/` (gitignored) by
 * `@nextevent/testing`'s `makeFfmpegClip` (temp name + rename, so parallel test files never see half a file). The
 * ground truth for every clip comes from ffprobe, never from our own code.
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ffprobeFrameCount, makeFfmpegClip } from '@nextevent/testing/ffmpeg-clips';

const run = promisify(execFile);
export const GENERATED = join(import.meta.dirname, '.generated');

const SCENES_160 = [
  '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=2',
  '-f', 'lavfi', '-i', 'smptebars=size=160x120:rate=30:duration=2',
  '-f', 'lavfi', '-i', 'rgbtestsrc=size=160x120:rate=30:duration=2',
  '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6',
  '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p[v]',
  '-map', '[v]', '-map', '3:a',
]; // prettier-ignore

/**
 * Clip name -> [file name, ffmpeg arguments after the global flags (output appended), optional second pass run on
 * the first pass's output].
 */
// prettier-ignore
export const CLIPS = {
  /** 6 s, 30 fps, H.264 High with 2 B-frames, keyframe every 1 s, AAC; scene cuts at 2 s and 4 s. */
  h264: ['h264.mp4', [...SCENES_160, '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30', '-keyint_min', '30',
    '-sc_threshold', '0', '-bf', '2', '-c:a', 'aac', '-b:a', '48k', '-movflags', '+faststart', '-shortest']],
  /** The same scenes in VP9 + Opus WebM (keyframes offset by the Opus pre-skip). */
  vp9: ['vp9.webm', [...SCENES_160, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0',
    '-crf', '40', '-g', '30', '-keyint_min', '30', '-c:a', 'libopus', '-b:a', '32k', '-shortest']],
  /** 10 s at 29.97 fps, long GOP (keyframes at 0 and ~5 s), 3 B-frames, no audio. */
  longgop: ['longgop.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30000/1001:duration=10',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '150', '-keyint_min', '150', '-sc_threshold', '0', '-bf', '3',
    '-pix_fmt', 'yuv420p']],
  /** 2 s AV1 in MP4. */
  av1: ['av1.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=24:duration=2', '-c:v', 'libaom-av1',
    '-cpu-used', '8', '-crf', '50', '-b:v', '0', '-g', '24', '-pix_fmt', 'yuv420p', '-row-mt', '1']],
  /** Variable frame rate: 30 fps for 1 s, then every third frame (10 fps) for 2 s; 50 frames. */
  vfr: ['vfr.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-vf',
    "select='lt(t\\,1)+not(mod(n\\,3))',format=yuv420p", '-fps_mode', 'vfr', '-c:v', 'libx264', '-preset',
    'veryfast', '-g', '15', '-bf', '2']],
  /** 2 s H.264 150×94 (not a multiple of 16) with a 90° display-rotation tag (second pass: stream copy). */
  rotated: ['rotated.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=150x94:rate=25:duration=2', '-c:v', 'libx264',
    '-preset', 'veryfast', '-g', '25', '-pix_fmt', 'yuv420p', '-f', 'mp4'],
    ['-c', 'copy', '-metadata:s:v:0', 'rotate=90']],
  /** Fragmented MP4 (moof per keyframe), 3 s, keyframe every 1 s, AAC. */
  fragmented: ['fragmented.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=3', '-c:v', 'libx264', '-preset',
    'veryfast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-bf', '2', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-movflags', '+frag_keyframe+empty_moov+default_base_moof', '-shortest']],
  /** Odd frame size 97×55 (VP9 allows it), 2 s at 15 fps. */
  odd: ['odd.webm', ['-f', 'lavfi', '-i', 'testsrc=size=97x55:rate=15:duration=2', '-c:v', 'libvpx-vp9',
    '-deadline', 'realtime', '-cpu-used', '8', '-g', '15', '-pix_fmt', 'yuv420p']],
  /** Exactly 3 frames. */
  three: ['three.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=64x48:rate=10', '-frames:v', '3', '-c:v', 'libx264',
    '-preset', 'veryfast', '-pix_fmt', 'yuv420p']],
  /** 9 s, three scenes with cuts at 3 s and 6 s (like the demo's sample), 10 fps 320×180, keyframes every 2 s. */
  scenes9: ['scenes9.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=10:duration=3',
    '-f', 'lavfi', '-i', 'smptehdbars=size=320x180:rate=10:duration=3',
    '-f', 'lavfi', '-i', 'rgbtestsrc=size=320x180:rate=10:duration=3',
    '-filter_complex', '[0:v][1:v][2:v]concat=n=3:v=1:a=0,format=yuv420p[v]', '-map', '[v]', '-c:v', 'libx264',
    '-preset', 'veryfast', '-g', '20', '-sc_threshold', '0']],
  /** 3 s H.264 + AAC in MPEG-TS (named .mpegts: a .ts name would look like TypeScript to the tooling). */
  ts: ['ts.mpegts', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=25:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=500:sample_rate=48000:duration=3', '-c:v', 'libx264', '-preset',
    'veryfast', '-g', '25', '-keyint_min', '25', '-sc_threshold', '0', '-bf', '2', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-shortest', '-f', 'mpegts']],
  /** 3 s H.264 (2 B-frames) + AAC in QuickTime MOV, 30 fps, keyframe every 1 s. */
  h264Mov: ['h264.mov', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=3', '-c:v', 'libx264', '-preset',
    'veryfast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-bf', '2', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '48k', '-shortest']],
  /** 3 s VP8 in WebM, 30 fps, keyframe every 1 s. */
  vp8: ['vp8.webm', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-c:v', 'libvpx',
    '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '300k', '-g', '30', '-keyint_min', '30', '-pix_fmt', 'yuv420p']],
  /** 3 s VP9 in MP4, 30 fps, keyframe every 1 s. */
  vp9Mp4: ['vp9.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-c:v', 'libvpx-vp9',
    '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0', '-crf', '40', '-g', '30', '-keyint_min', '30',
    '-pix_fmt', 'yuv420p']],
  /** 3 s VP9 in Matroska, 30 fps, keyframe every 1 s. */
  vp9Mkv: ['vp9.mkv', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-c:v', 'libvpx-vp9',
    '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '0', '-crf', '40', '-g', '30', '-keyint_min', '30',
    '-pix_fmt', 'yuv420p']],
  /** 3 s AV1 + Opus in WebM, 24 fps, keyframe every 1 s (keyframes offset by the Opus pre-skip). */
  av1Webm: ['av1.webm', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=24:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=3', '-c:v', 'libaom-av1', '-cpu-used', '8',
    '-crf', '50', '-b:v', '0', '-g', '24', '-keyint_min', '24', '-pix_fmt', 'yuv420p', '-row-mt', '1',
    '-c:a', 'libopus', '-b:a', '24k', '-shortest']],
  /** 3 s AV1 in Matroska, 24 fps, keyframe every 1 s, no audio. */
  av1Mkv: ['av1.mkv', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=24:duration=3', '-c:v', 'libaom-av1',
    '-cpu-used', '8', '-crf', '50', '-b:v', '0', '-g', '24', '-keyint_min', '24', '-pix_fmt', 'yuv420p',
    '-row-mt', '1']],
  /** 3 s H.264 (2 B-frames) + AAC in Matroska, 30 fps, keyframe every 1 s. */
  h264Mkv: ['h264.mkv', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3',
    '-f', 'lavfi', '-i', 'sine=frequency=300:sample_rate=48000:duration=3', '-c:v', 'libx264', '-preset',
    'veryfast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0', '-bf', '2', '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '48k', '-shortest']],
  /** 3 s HEVC (x265, 2 B-frames, closed GOPs: IDR keyframes) in Matroska, 30 fps, keyframe every 1 s. */
  hevcMkv: ['hevc.mkv', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-c:v', 'libx265',
    '-preset', 'ultrafast', '-x265-params', 'keyint=30:min-keyint=30:scenecut=0:open-gop=0:bframes=2:log-level=error',
    '-pix_fmt', 'yuv420p']],
  /** The same HEVC in MPEG-TS. */
  hevcTs: ['hevc.mpegts', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-c:v', 'libx265',
    '-preset', 'ultrafast', '-x265-params', 'keyint=30:min-keyint=30:scenecut=0:open-gop=0:bframes=2:log-level=error',
    '-pix_fmt', 'yuv420p', '-f', 'mpegts']],
  /** The same HEVC in MP4 (`hev1`). */
  hevc: ['hevc.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=3', '-c:v', 'libx265',
    '-preset', 'ultrafast', '-x265-params', 'keyint=30:min-keyint=30:scenecut=0:open-gop=0:bframes=2:log-level=error',
    '-pix_fmt', 'yuv420p']],
  /** Audio only (AAC in MP4). */
  audioOnly: ['audio-only.m4a', ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=1',
    '-c:a', 'aac']],
} as const satisfies Record<string, readonly [string, readonly string[], (readonly string[])?]>;

export type ClipName = keyof typeof CLIPS;

/** Path of the generated clip, generating it first when missing (`@nextevent/testing`'s `makeFfmpegClip`). */
export function clip(name: ClipName): Promise<string> {
  const [file, args, second] = CLIPS[name] as readonly [string, readonly string[], (readonly string[])?];
  return makeFfmpegClip(join(GENERATED, file), args, second);
}

/** ffprobe's view of the first video stream: presentation timestamps (sorted) and which are keyframes. */
export interface ProbedFrames {
  pts: number[];
  keyframes: number[];
  width: number;
  height: number;
  codec: string;
}

/** Reads the video packets' pts and key flags with ffprobe (edit lists applied by ffprobe's mov demuxer). */
export async function ffprobeFrames(path: string): Promise<ProbedFrames> {
  const { stdout } = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries',
    'packet=pts_time,flags:stream=width,height,codec_name', '-of', 'json', path]); // prettier-ignore
  const j = JSON.parse(stdout) as {
    packets: { pts_time?: string; flags: string }[];
    streams: { width: number; height: number; codec_name: string }[];
  };
  const packets = j.packets.filter((p) => p.pts_time !== undefined && !p.flags.includes('D'));
  const pts = packets.map((p) => Number(p.pts_time)).sort((a, b) => a - b);
  const keyframes = packets
    .filter((p) => p.flags.includes('K'))
    .map((p) => Number(p.pts_time))
    .sort((a, b) => a - b);
  const s = j.streams[0];
  if (!s) {
    throw new Error(`ffprobe found no video stream in ${path}`);
  }
  return { pts, keyframes, width: s.width, height: s.height, codec: s.codec_name };
}

/** Number of frames ffprobe decodes from the first video stream (`-count_frames`). */
export { ffprobeFrameCount };

/** Frame `n` (presentation order) decoded by ffmpeg to packed RGB24. */
export async function ffmpegFrame(path: string, n: number): Promise<Buffer> {
  const { stdout } = await run('ffmpeg', ['-v', 'error', '-i', path, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1',
    '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { encoding: 'buffer', maxBuffer: 1 << 26 }); // prettier-ignore
  return stdout;
}
