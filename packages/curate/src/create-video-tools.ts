import { probe, split, type KeyframePolicy } from '@nextevent/video';
import type { VideoTools } from './video-tools.js';

/** Options of {@link createVideoTools}. */
export interface VideoToolsOptions {
  /**
   * `copy` (default): no re-encoding, the cut moves to a keyframe chosen by `keyframe`; `exact`: the cut is the first
   * frame at or after the split time (re-encodes one half; needs `@mediabunny/server` in Node). See `split` of
   * @nextevent/video.
   */
  splitMode?: 'copy' | 'exact';
  /** Copy mode: which keyframe to cut at. Default: `previous` (the first part never shows the second part). */
  keyframe?: KeyframePolicy;
  /**
   * Scene-cut detector (times in seconds). Default: none, so splits are not snapped to cuts; pass a detector
   * (e.g. `detectScenes` of @nextevent/video) to enable snapping.
   */
  detectScenes?: (path: string, signal?: AbortSignal) => Promise<number[]>;
}

/**
 * {@link VideoTools} on @nextevent/video: `probe` for the duration and `split` for the two parts (stream copy at a
 * keyframe by default), reporting the time actually cut at.
 */
export function createVideoTools(options: VideoToolsOptions = {}): VideoTools {
  const mode = options.splitMode ?? 'copy';
  const keyframe = options.keyframe ?? 'previous';
  const detect = options.detectScenes;
  return {
    async probe(path) {
      return { durationSec: (await probe(path)).duration };
    },
    async detectScenes(path, signal) {
      return detect ? detect(path, signal) : [];
    },
    async split(path, atSec, out) {
      const r = await split(path, atSec, {
        mode,
        ...(mode === 'copy' ? { keyframe } : {}),
        output: { past: out.pastPath, future: out.futurePath },
      });
      return { atSec: r.cut };
    },
  };
}
