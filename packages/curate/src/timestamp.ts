/**
 * Finds the timestamp in a VLM answer and returns it in seconds: `MM:SS.ss` (the paper's "00:13.30"), also
 * `HH:MM:SS.ss` and `M:SS` (seconds always with two digits). The first match wins. Seconds must be below 60 (and minutes below 60 when hours are
 * given). Returns `null` when the text holds no such timestamp.
 */
export function parseTimestamp(text: string): number | null {
  const re = /(?<![\d:.])(?:(\d{1,2}):)?(\d{1,3}):(\d{2}(?:\.\d+)?)(?![\d:])/g;
  for (const m of text.matchAll(re)) {
    const hours = m[1] === undefined ? 0 : Number(m[1]);
    const minutes = Number(m[2]);
    const seconds = Number(m[3]);
    if (seconds >= 60 || (m[1] !== undefined && minutes >= 60)) {
      continue;
    }
    return hours * 3600 + minutes * 60 + seconds;
  }
  return null;
}

/** Formats seconds as `MM:SS.ss` (minutes not capped at 60, so 3725.5 s is `62:05.50`). */
export function formatTimestamp(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TypeError(`formatTimestamp: seconds must be a finite number ≥ 0, got ${seconds}`);
  }
  const hundredths = Math.round(seconds * 100);
  const minutes = Math.floor(hundredths / 6000);
  const rest = (hundredths - minutes * 6000) / 100;
  return `${String(minutes).padStart(2, '0')}:${rest.toFixed(2).padStart(5, '0')}`;
}

/** The result of {@link snapToCut}. */
export interface SnappedTime {
  /** The time to split at, in seconds. */
  time: number;
  /** The scene cut it was moved to, or `null` when no cut was within the tolerance. */
  cut: number | null;
}

/**
 * Moves `time` to the nearest scene cut when one lies within `toleranceSec` (ties go to the earlier cut), so the
 * split falls exactly on a shot change rather than a few frames into the next scene.
 */
export function snapToCut(time: number, cuts: readonly number[], toleranceSec: number): SnappedTime {
  let best: number | null = null;
  for (const c of cuts) {
    const d = Math.abs(c - time);
    if (d <= toleranceSec && (best === null || d < Math.abs(best - time))) {
      best = c;
    }
  }
  return best === null ? { time, cut: null } : { time: best, cut: best };
}
