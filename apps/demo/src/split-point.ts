/**
 * Pure logic behind the timeline's split point: where to put it by default, how it moves with the keyboard, how it
 * snaps to scene cuts. Times are in seconds from the start of the video.
 */

/** Bounds that keep both sides of a split non-trivial. */
export interface SplitBounds {
  /** Shortest past the model may see, seconds. Default: `0.5`. */
  minPast?: number;
  /** Shortest future left to compare with, seconds. Default: `0.5`. */
  minFuture?: number;
}

const DEFAULT_MIN = 0.5;

/** The allowed interval `[lo, hi]` for a split in a video of `duration` seconds (collapses to the middle when short). */
export function splitRange(duration: number, bounds: SplitBounds = {}): [number, number] {
  if (!(duration > 0)) {
    throw new RangeError(`duration must be a positive number of seconds, got ${duration}`);
  }
  const lo = Math.min(bounds.minPast ?? DEFAULT_MIN, duration / 2);
  const hi = Math.max(duration - (bounds.minFuture ?? DEFAULT_MIN), duration / 2);
  return [lo, hi];
}

/** Clamps `t` into {@link splitRange}. */
export function clampSplit(t: number, duration: number, bounds: SplitBounds = {}): number {
  const [lo, hi] = splitRange(duration, bounds);
  return Math.min(hi, Math.max(lo, Number.isFinite(t) ? t : lo));
}

/**
 * Suggests a default split: the scene cut inside {@link splitRange} closest to the middle of the video (the earlier
 * one on a tie), or the middle itself when no cut qualifies. A cut is where the next event starts, so splitting
 * there asks the model to predict the scene that follows.
 */
export function suggestSplit(duration: number, cuts: readonly number[], bounds: SplitBounds = {}): number {
  const [lo, hi] = splitRange(duration, bounds);
  const middle = duration / 2;
  let best: number | undefined;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut < lo || cut > hi) {
      continue;
    }
    if (best === undefined || Math.abs(cut - middle) < Math.abs(best - middle)) {
      best = cut;
    }
  }
  return best ?? clampSplit(middle, duration, bounds);
}

/** Returns the cut within `tolerance` seconds of `t` (the closest), or `t` unchanged. */
export function snapToCut(t: number, cuts: readonly number[], tolerance: number): number {
  let best = t;
  let bestDistance = tolerance;
  for (const cut of cuts) {
    const d = Math.abs(cut - t);
    if (d <= bestDistance) {
      best = cut;
      bestDistance = d;
    }
  }
  return best;
}

/** The next (`direction` 1) or previous (-1) cut strictly after/before `t`, or `undefined`. */
export function adjacentCut(t: number, cuts: readonly number[], direction: 1 | -1): number | undefined {
  const eps = 1e-6;
  const sorted = [...cuts].sort((a, b) => a - b);
  if (direction === 1) {
    return sorted.find((c) => c > t + eps);
  }
  return sorted.reverse().find((c) => c < t - eps);
}

/** Formats seconds as `m:ss.cc`, e.g. `0:03.00`, for labels and screen readers alike. */
export function formatTime(seconds: number): string {
  const s = Math.max(0, seconds);
  const centis = Math.round(s * 100);
  const m = Math.floor(centis / 6000);
  const rest = (centis - m * 6000) / 100;
  return `${m}:${rest.toFixed(2).padStart(5, '0')}`;
}
