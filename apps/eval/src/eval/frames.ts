/**
 * Client-side frame sampling exactly like the paper's eval (qwen-vl-utils via @nextevent/video: 2 fps, at most
 * `maxFrames`, even count, `min_pixels` 3136, `total_pixels` budget, bicubic antialiased resize), then JPEG
 * encoding for the `openai` backend.
 */
import * as video from '@nextevent/video';
import { BackendUnavailableError } from './errors.js';
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

interface SampleFramesResult {
  frames: readonly RawFrame[];
  indices?: readonly number[];
  sampleFps?: number;
  secondPerGridT?: number;
  plan?: { sampleFps?: number; indices?: readonly number[] };
}
type SampleFramesFn = (source: string, options: Record<string, unknown>) => Promise<SampleFramesResult>;

/** Samples frames of the video at `path` with @nextevent/video's `sampleFrames` (qwen-vl-utils semantics). */
export async function sampleVideo(
  path: string,
  options: Partial<FrameOptions> = {},
  signal?: AbortSignal,
): Promise<SampledVideo> {
  const o = { ...DEFAULT_FRAME_OPTIONS, ...options };
  const sampleFrames = (video as unknown as Record<string, unknown>).sampleFrames as
    SampleFramesFn | undefined;
  if (typeof sampleFrames !== 'function') {
    throw new BackendUnavailableError(
      '@nextevent/video does not export sampleFrames yet: client-side frame sampling is unavailable in this build',
    );
  }
  const res = await sampleFrames(path, {
    fps: o.fps,
    maxFrames: o.maxFrames,
    minPixels: o.minPixels,
    totalPixels: o.totalPixels,
    ...(signal ? { signal } : {}),
  });
  const frames = [...res.frames];
  const first = frames[0];
  if (first === undefined) {
    throw new BackendUnavailableError(`${path}: frame sampling returned no frames`);
  }
  const sampleFps =
    res.sampleFps ??
    res.plan?.sampleFps ??
    (res.secondPerGridT !== undefined ? 2 / res.secondPerGridT : o.fps);
  return {
    frames,
    sampleFps,
    width: first.width,
    height: first.height,
    indices: [...(res.indices ?? res.plan?.indices ?? [])],
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
