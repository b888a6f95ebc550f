import { QwenSamplingError } from '../errors.js';
import { linspaceF32, roundHalfEven } from '../python-numbers.js';
import {
  FPS,
  FPS_MAX_FRAMES,
  FPS_MIN_FRAMES,
  FRAME_FACTOR,
  IMAGE_FACTOR,
  VIDEO_MAX_PIXELS,
  VIDEO_MIN_PIXELS,
  VIDEO_TOTAL_PIXELS,
} from './constants.js';
import { smartResize } from './smart-resize.js';

/**
 * Input of {@link planVideoSampling}: the decoded video's facts plus the qwen-vl-utils video options (the `ele`
 * dict: `fps`, `nframes`, `min_frames`, … in camelCase).
 */
export interface VideoSamplingInput {
  /** Number of decoded frames (count them; don't trust the container's header). */
  totalFrames: number;
  /** Average frame rate, `totalFrames / duration` (decord's `get_avg_fps()`). */
  videoFps: number;
  /** Decoded frame height in pixels (after rotation). */
  height: number;
  /** Decoded frame width in pixels (after rotation). */
  width: number;
  /** Target sampling rate. Default: `2`. Mutually exclusive with `nframes`. */
  fps?: number;
  /** Exact number of frames (rounded to an even number). Mutually exclusive with `fps`. */
  nframes?: number;
  /** Lower bound on frames in the fps path. Default: `4`. */
  minFrames?: number;
  /** Upper bound on frames in the fps path. Default: `min(768, totalFrames)`. */
  maxFrames?: number;
  /** Per-frame pixel minimum. Default: `100352` (128·28²). */
  minPixels?: number;
  /** Per-frame pixel maximum; capped by the budget derived from `totalPixels`. */
  maxPixels?: number;
  /** Pixel budget of the whole clip. Default: `90316800`. */
  totalPixels?: number;
  /** Explicit target height; used only with `resizedWidth` (then `smart_resize` with image defaults). */
  resizedHeight?: number;
  /** Explicit target width; used only with `resizedHeight`. */
  resizedWidth?: number;
}

/** Result of {@link planVideoSampling}. */
export interface VideoSamplingPlan {
  /** Number of frames to sample (even, ≥ 2). */
  nframes: number;
  /** 0-based indices into the presentation-ordered frames: `round(linspace(0, totalFrames-1, nframes))`. */
  indices: number[];
  /** Height the sampled frames are resized to (multiple of 28). */
  resizedHeight: number;
  /** Width the sampled frames are resized to (multiple of 28). */
  resizedWidth: number;
  /** `nframes / totalFrames · videoFps`. */
  sampleFps: number;
  /** Seconds per temporal grid step, `2 / sampleFps`, as `Qwen2_5_VLProcessor` computes it. */
  secondPerGridT: number;
  /** The effective per-frame minimum used by `smart_resize`. */
  minPixels: number;
  /** The effective per-frame maximum used by `smart_resize` (may be fractional). */
  maxPixels: number;
}

function checkNumber(
  name: string,
  v: number | undefined,
  opts: { integer?: boolean; positive?: boolean; required?: boolean } = {},
): void {
  if (v === undefined && !opts.required) {
    return;
  }
  const ok =
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!opts.integer || Number.isInteger(v)) &&
    (opts.positive ? v > 0 : v >= 0);
  if (!ok) {
    const what = `${opts.integer ? 'an integer' : 'a finite number'} ${opts.positive ? '> 0' : '>= 0'}`;
    const when = opts.required ? 'is required and' : 'when provided,';
    throw new TypeError(`\`${name}\`, ${when} must be ${what}, got ${String(v)}.`);
  }
}

/** qwen-vl-utils `smart_nframes`. */
function smartNframes(input: VideoSamplingInput): number {
  const { totalFrames, videoFps } = input;
  if (input.fps !== undefined && input.nframes !== undefined) {
    throw new QwenSamplingError('AssertionError', 'Only accept either `fps` or `nframes`');
  }
  let nframes: number;
  if (input.nframes !== undefined) {
    nframes = roundHalfEven(input.nframes / FRAME_FACTOR) * FRAME_FACTOR;
  } else {
    const fps = input.fps ?? FPS;
    const minFrames = Math.ceil((input.minFrames ?? FPS_MIN_FRAMES) / FRAME_FACTOR) * FRAME_FACTOR;
    const maxFrames =
      Math.floor((input.maxFrames ?? Math.min(FPS_MAX_FRAMES, totalFrames)) / FRAME_FACTOR) * FRAME_FACTOR;
    const wanted = (totalFrames / videoFps) * fps;
    const clamped = Math.min(Math.min(Math.max(wanted, minFrames), maxFrames), totalFrames);
    nframes = Math.floor(clamped / FRAME_FACTOR) * FRAME_FACTOR;
  }
  if (!(FRAME_FACTOR <= nframes && nframes <= totalFrames)) {
    throw new QwenSamplingError(
      'ValueError',
      `nframes should in interval [${FRAME_FACTOR}, ${totalFrames}], but got ${nframes}.`,
    );
  }
  return nframes;
}

/**
 * Plans qwen-vl-utils video sampling without touching pixels: how many frames (`smart_nframes`), which ones
 * (`torch.linspace(0, total-1, n).round()` in float32 with ties to even, as torch 2.x on CPU), the per-frame pixel
 * budget of `fetch_video` and the `smart_resize`d size, plus `second_per_grid_t` for M-RoPE.
 *
 * @throws {TypeError} for missing or non-numeric inputs.
 * @throws {QwenSamplingError} where qwen-vl-utils raises (`nframes should in interval …`, both `fps` and
 *   `nframes`, aspect ratio over 200, a side that resizes to 0).
 */
export function planVideoSampling(input: VideoSamplingInput): VideoSamplingPlan {
  if (typeof input !== 'object' || input === null) {
    throw new TypeError('`input` must be an object.');
  }
  checkNumber('input.totalFrames', input.totalFrames, { integer: true, required: true });
  checkNumber('input.videoFps', input.videoFps, { positive: true, required: true });
  checkNumber('input.height', input.height, { required: true });
  checkNumber('input.width', input.width, { required: true });
  checkNumber('input.fps', input.fps, { positive: true });
  checkNumber('input.nframes', input.nframes);
  checkNumber('input.minFrames', input.minFrames);
  checkNumber('input.maxFrames', input.maxFrames);
  checkNumber('input.minPixels', input.minPixels);
  checkNumber('input.maxPixels', input.maxPixels);
  checkNumber('input.totalPixels', input.totalPixels);
  checkNumber('input.resizedHeight', input.resizedHeight);
  checkNumber('input.resizedWidth', input.resizedWidth);

  const nframes = smartNframes(input);
  const indices = linspaceF32(input.totalFrames - 1, nframes).map(roundHalfEven);
  const sampleFps = (nframes / Math.max(input.totalFrames, 1e-6)) * input.videoFps;

  // fetch_video's per-frame budget.
  const minPixels = input.minPixels ?? VIDEO_MIN_PIXELS;
  const totalPixels = input.totalPixels ?? VIDEO_TOTAL_PIXELS;
  let maxPixels = Math.max(
    Math.min(VIDEO_MAX_PIXELS, (totalPixels / nframes) * FRAME_FACTOR),
    Math.trunc(minPixels * 1.05),
  );
  maxPixels = Math.min(input.maxPixels ?? maxPixels, maxPixels);
  const size =
    input.resizedHeight !== undefined && input.resizedWidth !== undefined
      ? smartResize(input.resizedHeight, input.resizedWidth, { factor: IMAGE_FACTOR })
      : smartResize(input.height, input.width, { factor: IMAGE_FACTOR, minPixels, maxPixels });
  return {
    nframes,
    indices,
    resizedHeight: size.height,
    resizedWidth: size.width,
    sampleFps,
    secondPerGridT: FRAME_FACTOR / sampleFps,
    minPixels,
    maxPixels,
  };
}
