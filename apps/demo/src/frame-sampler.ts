/**
 * Frames of the past part, as FutureBench feeds them to the model: a frame-exact split at `at` (no frame at or
 * after the split can leak in), then qwen-vl-utils sampling of the past clip with FutureBench's settings (2 fps,
 * 4–32 frames, a 1,605,632-pixel budget), resized like torchvision.
 */
import { FUTUREBENCH_SAMPLING, sampleFrames, split } from '@nextevent/video';
import type { PastFrames } from './vlm-predictor.js';

/** Splits `video` at `at` and samples the past part. */
export async function samplePastFrames(video: Blob, at: number, signal: AbortSignal): Promise<PastFrames> {
  const parts = await split(video, at, { mode: 'exact' });
  signal.throwIfAborted();
  const past = parts.past.data;
  if (past === null) {
    throw new Error(`split at ${at} s returned no bytes for the past part`);
  }
  const sampled = await sampleFrames(past, { ...FUTUREBENCH_SAMPLING });
  signal.throwIfAborted();
  return {
    frames: sampled.frames.map((f) => {
      if (f.rgb === null) {
        throw new Error(`sampleFrames returned no RGB pixels for frame ${f.index}`);
      }
      return { width: f.width, height: f.height, data: f.rgb, channels: 3 };
    }),
    // The past clip starts at the source's first frame, so its timestamps are the source's.
    timestamps: sampled.timestamps.map((t) => t + parts.past.start),
    fps: sampled.plan.sampleFps,
    cut: parts.cut,
  };
}
