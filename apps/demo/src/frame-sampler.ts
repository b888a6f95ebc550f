/**
 * Frames of the past part, as FutureBench feeds them to the model: a frame-exact split at `at` (so no frame at or
 * after the split leaks in), then qwen-vl-utils sampling (2 fps, 4–32 frames, 1,605,632-pixel budget).
 */
import { FUTUREBENCH_SAMPLING, split } from '@nextevent/video';
import type { PastFrames } from './vlm-predictor.js';

/** Splits `video` at `at` and samples the past part. */
export async function samplePastFrames(video: Blob, at: number, signal: AbortSignal): Promise<PastFrames> {
  const parts = await split(video, at, { mode: 'exact' });
  signal.throwIfAborted();
  if (parts.past.data === null) {
    throw new Error('split returned no bytes for the past part');
  }
  void FUTUREBENCH_SAMPLING;
  throw new Error('@nextevent/video has no sampleFrames yet');
}
