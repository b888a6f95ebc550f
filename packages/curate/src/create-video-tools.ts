import {
  detectScenes,
  ensureCodecs,
  probe,
  split,
  type DetectScenesOptions,
  type KeyframePolicy,
} from '@nextevent/video';
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
   * Scene-cut detector (times in seconds), or `false` for none (no snapping). Default: `detectScenes` of
   * @nextevent/video (PySceneDetect's ContentDetector) with `sceneOptions`; it decodes every frame, so in Node it
   * needs `@mediabunny/server`; without a decoder it finds no cuts and `onWarning` says so once.
   */
  detectScenes?: ((path: string, signal?: AbortSignal) => Promise<number[]>) | false;
  /** Options of the default detector. Default: ContentDetector's (threshold 27, 15 frames minimum). */
  sceneOptions?: DetectScenesOptions;
  /** Receives warnings such as "no decoder: splits are not snapped to scene cuts". */
  onWarning?: (message: string) => void;
}

/**
 * {@link VideoTools} on @nextevent/video: `probe` for the duration, `detectScenes` for the cuts splits snap to, and
 * `split` for the two parts (stream copy at a keyframe by default), reporting the time actually cut at.
 */
export function createVideoTools(options: VideoToolsOptions = {}): VideoTools {
  const mode = options.splitMode ?? 'copy';
  const keyframe = options.keyframe ?? 'previous';
  let warned = false;
  const detect =
    options.detectScenes === false
      ? (): Promise<number[]> => Promise.resolve([])
      : (options.detectScenes ??
        (async (path: string): Promise<number[]> => {
          if (!(await ensureCodecs())) {
            if (!warned) {
              warned = true;
              options.onWarning?.(
                'no video decoder (install @mediabunny/server in Node): scene cuts are not detected and ' +
                  'split points are not snapped to them',
              );
            }
            return [];
          }
          const r = await detectScenes(path, options.sceneOptions ?? {});
          return r.cuts.map((c) => c.time);
        }));
  return {
    async probe(path) {
      return { durationSec: (await probe(path)).duration };
    },
    detectScenes: (path, signal) => detect(path, signal),
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
