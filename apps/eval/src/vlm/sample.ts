/** Frame sampling for `predict` / `generate`: qwen-vl-utils semantics with the FutureBench budget (fps 2). */
import { FUTUREBENCH_SAMPLING, sampleFrames, type SampledFrames } from '@nextevent/video';

/** Samples at most `maxFrames` frames of `path` (2 fps, min 3136 px, 1 605 632 px total), RGB at the plan size. */
export function sampleForVlm(path: string, maxFrames: number): Promise<SampledFrames> {
  return sampleFrames(path, { ...FUTUREBENCH_SAMPLING, maxFrames, output: 'rgb' });
}
