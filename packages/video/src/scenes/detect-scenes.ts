import { VideoSampleSink } from 'mediabunny';
import { requireDecoder, toRgba } from '../frames/decode.js';
import { mediaError, openVideo } from '../open-video.js';
import { checkReadOptions, type ReadOptions, type VideoSource } from '../source.js';
import { FlashFilter } from './flash-filter.js';
import { rgbToHsvPlanes } from './hsv.js';

/** Options of {@link detectScenes}; defaults are PySceneDetect `ContentDetector`'s. */
export interface DetectScenesOptions extends ReadOptions {
  /** A cut fires when the weighted HSV difference score is at least this. Default: `27`. */
  threshold?: number;
  /** Minimum scene length in frames (also from the start to the first cut). Default: `15`. */
  minSceneLength?: number;
  /**
   * How cuts closer than `minSceneLength` are handled, as PySceneDetect's `FlashFilter`: `'merge'` (default) merges
   * a burst of them into one cut at its last frame; `'suppress'` keeps the first and drops the rest.
   */
  filterMode?: 'merge' | 'suppress';
  /** Weights (each ≥ 0, not all 0) of the mean absolute hue, saturation and value differences. Default: `[1, 1, 1]`. */
  weights?: readonly [number, number, number];
  /** Frames wider than this are downscaled to about this width first (PySceneDetect's default). Default: `256`. */
  downscaleWidth?: number;
  /** Also return the score of every frame. Default: `false`. */
  scores?: boolean;
}

/** One detected cut: the first frame of a new scene. */
export interface SceneCut {
  /** Presentation timestamp (s) of the new scene's first frame: a candidate split point. */
  time: number;
  /** Its index in presentation order. */
  frame: number;
  /** Its content score. */
  score: number;
}

/** Result of {@link detectScenes}. */
export interface SceneDetection {
  /** Detected cuts, ascending: each is the first frame of a new scene. */
  cuts: SceneCut[];
  /** Scenes as [start, end) times (s), from the first frame to the end of the last. */
  scenes: [number, number][];
  /** Number of frames decoded and scored. */
  frames: number;
  /** Per-frame scores (0 for the first frame), with `options.scores`. */
  scores?: number[];
}

/** Bilinear downscale of packed RGBA with half-pixel centres (OpenCV `INTER_LINEAR` geometry), to packed RGB. */
function downscaleLinear(src: Uint8Array, w: number, h: number, ow: number, oh: number): Uint8Array {
  const out = new Uint8Array(ow * oh * 3);
  const sx = w / ow;
  const sy = h / oh;
  for (let y = 0; y < oh; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), h - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, h - 1);
    const ty = fy - y0;
    for (let x = 0; x < ow; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), w - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, w - 1);
      const tx = fx - x0;
      for (let c = 0; c < 3; c++) {
        const a = src[(y0 * w + x0) * 4 + c] ?? 0;
        const b = src[(y0 * w + x1) * 4 + c] ?? 0;
        const d = src[(y1 * w + x0) * 4 + c] ?? 0;
        const e = src[(y1 * w + x1) * 4 + c] ?? 0;
        const top = a + (b - a) * tx;
        const bottom = d + (e - d) * tx;
        out[(y * ow + x) * 3 + c] = Math.round(top + (bottom - top) * ty);
      }
    }
  }
  return out;
}

function meanAbsDiff(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    sum += Math.abs((a[i] ?? 0) - (b[i] ?? 0));
  }
  return sum / a.length;
}

/** A value as an error message shows it: `[1, 1, 'x']`. */
function show(v: unknown): string {
  if (Array.isArray(v)) {
    return `[${v.map(show).join(', ')}]`;
  }
  if (typeof v === 'string') {
    return `'${v}'`;
  }
  if (typeof v === 'object' && v !== null) {
    return 'an object';
  }
  return typeof v === 'function' ? 'a function' : String(v);
}

function checkOptions(o: DetectScenesOptions): void {
  if (typeof o !== 'object' || o === null) {
    throw new TypeError('`options`, when provided, must be an object.');
  }
  const isNumber = (v: unknown, min: number): boolean =>
    typeof v === 'number' && Number.isFinite(v) && v >= min;
  const num = (name: string, v: unknown, min: number): void => {
    if (v !== undefined && !isNumber(v, min)) {
      throw new TypeError(
        `\`options.${name}\`, when provided, must be a finite number >= ${min}, got ${show(v)}.`,
      );
    }
  };
  num('threshold', o.threshold, 0);
  num('minSceneLength', o.minSceneLength, 0);
  num('downscaleWidth', o.downscaleWidth, 1);
  if (o.filterMode !== undefined && o.filterMode !== 'merge' && o.filterMode !== 'suppress') {
    throw new TypeError(
      `\`options.filterMode\`, when provided, must be 'merge' or 'suppress', got ${show(o.filterMode)}.`,
    );
  }
  const w: unknown = o.weights;
  if (
    w !== undefined &&
    (!Array.isArray(w) || w.length !== 3 || !w.every((x) => isNumber(x, 0)) || w.every((x) => x === 0))
  ) {
    throw new TypeError(
      `\`options.weights\`, when provided, must be three finite numbers >= 0, not all 0, got ${show(w)}.`,
    );
  }
  if (o.scores !== undefined && typeof o.scores !== 'boolean') {
    throw new TypeError(`\`options.scores\`, when provided, must be a boolean, got ${show(o.scores)}.`);
  }
  checkReadOptions(o);
}

/**
 * Finds hard cuts by content change, like PySceneDetect's `ContentDetector`: every frame is decoded, downscaled to
 * ~256 px wide, converted to HSV (OpenCV's 8-bit ranges), and scored by the weighted mean absolute difference of
 * H, S and V from the previous frame; a score ≥ `threshold` starts a new scene unless the current one is shorter
 * than `minSceneLength` frames (PySceneDetect's flash filter, merge mode by default). Use the cut times as split
 * points.
 *
 * Difference from PySceneDetect: the downscale is float bilinear (OpenCV's `INTER_LINEAR` uses 11-bit fixed point),
 * so scores can differ slightly; the minimum scene length is counted in frames.
 */
export async function detectScenes(
  source: VideoSource,
  options: DetectScenesOptions = {},
): Promise<SceneDetection> {
  checkOptions(options);
  const threshold = options.threshold ?? 27;
  const minLen = options.minSceneLength ?? 15;
  const [wh, ws, wv] = options.weights ?? [1, 1, 1];
  const wsum = wh + ws + wv;
  const targetWidth = options.downscaleWidth ?? 256;
  const opened = await openVideo(source, options);
  try {
    await requireDecoder(opened.track, opened.what);
    const sink = new VideoSampleSink(opened.track);
    const cuts: SceneCut[] = [];
    const scores: number[] = [];
    let prev: { h: Uint8Array; s: Uint8Array; v: Uint8Array } | null = null;
    const times: number[] = [];
    const flash = new FlashFilter(options.filterMode ?? 'merge', minLen);
    let frame = 0;
    let first = 0;
    let end = 0;
    for await (const sample of sink.samples()) {
      if (options.signal?.aborted) {
        sample.close();
        break;
      }
      try {
        if (frame === 0) {
          first = sample.timestamp;
        }
        end = sample.timestamp + sample.duration;
        const img = await toRgba(sample);
        const factor = img.width / targetWidth;
        const [ow, oh] =
          factor > 1
            ? [Math.round(img.width / factor), Math.round(img.height / factor)]
            : [img.width, img.height];
        const small = downscaleLinear(img.data, img.width, img.height, ow, oh);
        const hsv = rgbToHsvPlanes(small, ow * oh, 3);
        let score = 0;
        if (prev) {
          score =
            (wh * meanAbsDiff(hsv.h, prev.h) +
              ws * meanAbsDiff(hsv.s, prev.s) +
              wv * meanAbsDiff(hsv.v, prev.v)) /
            wsum;
        }
        scores.push(score);
        times.push(sample.timestamp);
        // The first frame scores 0 and starts the filter's clock, as in ContentDetector.
        for (const f of flash.filter(frame, prev !== null && score >= threshold)) {
          cuts.push({ time: times[f] ?? 0, frame: f, score: scores[f] ?? 0 });
        }
        prev = hsv;
        frame++;
      } finally {
        sample.close();
      }
    }
    options.signal?.throwIfAborted();
    const bounds = [first, ...cuts.map((c) => c.time), end];
    const scenes = bounds.slice(1).map((e, i): [number, number] => [bounds[i] ?? first, e]);
    const result: SceneDetection = { cuts, scenes, frames: frame };
    if (options.scores) {
      result.scores = scores;
    }
    return result;
  } catch (err) {
    options.signal?.throwIfAborted();
    throw mediaError(err, opened.what);
  } finally {
    opened.input.dispose();
  }
}
