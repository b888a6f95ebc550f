/**
 * What the pipeline needs from a video library. `createVideoTools()` implements it with @nextevent/video; tests and
 * other back ends (ffmpeg, a server) can pass their own.
 */
export interface VideoTools {
  /** Duration in seconds. */
  probe(path: string, signal?: AbortSignal): Promise<{ durationSec: number }>;
  /** Times of the scene cuts (shot changes) in seconds, ascending. */
  detectScenes(path: string, signal?: AbortSignal): Promise<number[]>;
  /**
   * Writes the part before `atSec` to `pastPath` and the rest to `futurePath`; resolves to the time actually cut at
   * (a keyframe policy may move it).
   */
  split(
    path: string,
    atSec: number,
    out: { pastPath: string; futurePath: string },
    signal?: AbortSignal,
  ): Promise<{ atSec: number }>;
}
