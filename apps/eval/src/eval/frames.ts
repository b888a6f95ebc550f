/**
 * Client-side frame sampling exactly like the paper's eval (qwen-vl-utils via @nextevent/video: 2 fps, at most
 * `maxFrames`, even count, `min_pixels` 3136, `total_pixels` budget, bicubic antialiased resize), then JPEG
 * encoding for the `openai` backend.
 */
import { sampleFrames } from '@nextevent/video';
import { DEFAULT_JPEG_QUALITY, encodeJpeg, type RawFrame } from './jpeg.js';
import type { EncodedVideo } from './request-builder.js';

/** Sampling settings of the FutureBench eval (lmms-eval qwen2_5_vl mirror defaults, interop.md §3.4). */
export interface FrameOptions {
  /** Default: 32. */
  maxFrames: number;
  /** Default: 1 605 632 (2048·28·28). */
  totalPixels: number;
  /** Default: 3136 (4·28·28). */
  minPixels: number;
  /** Default: 2. */
  fps: number;
  /** JPEG quality for the `openai` backend. Default: 75. */
  jpegQuality: number;
}

/** The defaults documented on {@link FrameOptions}. */
export const DEFAULT_FRAME_OPTIONS: Readonly<FrameOptions> = {
  maxFrames: 32,
  totalPixels: 1_605_632,
  minPixels: 3136,
  fps: 2,
  jpegQuality: DEFAULT_JPEG_QUALITY,
};

/** Sampled, resized RGB frames of one video. */
export interface SampledVideo {
  frames: RawFrame[];
  /** qwen-vl-utils' `sample_fps` = nframes / totalFrames · videoFps. */
  sampleFps: number;
  width: number;
  height: number;
  /** Indices of the frames picked (presentation order). */
  indices: number[];
}

/** Samples frames of the video at `path` with @nextevent/video's `sampleFrames` (qwen-vl-utils semantics). */
export async function sampleVideo(
  path: string,
  options: Partial<FrameOptions> = {},
  signal?: AbortSignal,
): Promise<SampledVideo> {
  const o = { ...DEFAULT_FRAME_OPTIONS, ...options };
  signal?.throwIfAborted();
  const res = await sampleFrames(path, {
    fps: o.fps,
    maxFrames: o.maxFrames,
    minPixels: o.minPixels,
    totalPixels: o.totalPixels,
  });
  signal?.throwIfAborted();
  const frames: RawFrame[] = res.frames.map((f) => {
    if (f.rgb === null) {
      throw new TypeError(`${path}: frame ${f.index} has no RGB data`);
    }
    return { data: f.rgb, width: f.width, height: f.height, channels: 3 };
  });
  return {
    frames,
    sampleFps: res.plan.sampleFps,
    width: res.plan.resizedWidth,
    height: res.plan.resizedHeight,
    indices: res.plan.indices,
  };
}

/** A preparer for the `openai` backend: samples and JPEG-encodes the frames of one video. */
export function createVideoPreparer(
  options: Partial<FrameOptions> = {},
): (path: string, signal: AbortSignal) => Promise<EncodedVideo> {
  const quality = options.jpegQuality ?? DEFAULT_FRAME_OPTIONS.jpegQuality;
  return async (path, signal) => {
    const s = await sampleVideo(path, options, signal);
    return {
      jpegs: await Promise.all(s.frames.map((f) => encodeJpeg(f, quality))),
      sampleFps: s.sampleFps,
      width: s.width,
      height: s.height,
    };
  };
}
