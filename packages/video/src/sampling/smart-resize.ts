import { QwenSamplingError } from '../errors.js';
import { pythonFloatRepr, roundHalfEven } from '../python-numbers.js';
import { IMAGE_FACTOR, MAX_PIXELS, MAX_RATIO, MIN_PIXELS } from './constants.js';

/** Options of {@link smartResize}. */
export interface SmartResizeOptions {
  /** Both sides become multiples of this. Default: `28`. */
  factor?: number;
  /** Lower bound on `height·width` after resizing. Default: `3136` (4·28²). */
  minPixels?: number;
  /** Upper bound on `height·width` after resizing (may be fractional). Default: `12845056` (16384·28²). */
  maxPixels?: number;
  /**
   * Which implementation to reproduce. `'qwen-vl-utils'` (default) clamps the first rounding to at least `factor`
   * but not the scaled-down branch (which can return 0); `'transformers'` (the HF `Qwen2VLImageProcessor`
   * `smart_resize`) does the opposite.
   */
  flavor?: 'qwen-vl-utils' | 'transformers';
}

/** A resized frame size in pixels. */
export interface ResizedSize {
  /** Height in pixels (a multiple of the factor). */
  height: number;
  /** Width in pixels (a multiple of the factor). */
  width: number;
}

function checkSide(name: string, v: unknown): asserts v is number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
    throw new TypeError(`\`${name}\` must be a finite number >= 0, got ${String(v)}.`);
  }
}

/**
 * qwen-vl-utils `smart_resize`: rescales `height × width` so that both sides are multiples of `factor`, the pixel
 * count lies in `[minPixels, maxPixels]`, and the aspect ratio is kept as closely as possible. Rounding is Python's
 * (half to even).
 *
 * @throws {QwenSamplingError} `ValueError` ("absolute aspect ratio must be smaller than 200, got …") or
 *   `ZeroDivisionError` ("division by zero") exactly where qwen-vl-utils raises them.
 */
export function smartResize(height: number, width: number, options: SmartResizeOptions = {}): ResizedSize {
  checkSide('height', height);
  checkSide('width', width);
  const factor = options.factor ?? IMAGE_FACTOR;
  const minPixels = options.minPixels ?? MIN_PIXELS;
  const maxPixels = options.maxPixels ?? MAX_PIXELS;
  if (!(factor > 0) || !Number.isFinite(factor)) {
    throw new TypeError(
      `\`options.factor\`, when provided, must be a positive number, got ${String(factor)}.`,
    );
  }
  if (Number.isNaN(minPixels) || Number.isNaN(maxPixels)) {
    throw new TypeError('`options.minPixels` and `options.maxPixels`, when provided, must be numbers.');
  }
  const flavor = options.flavor ?? 'qwen-vl-utils';
  const lo = Math.min(height, width);
  if (lo === 0) {
    throw new QwenSamplingError('ZeroDivisionError', 'division by zero');
  }
  const ratio = Math.max(height, width) / lo;
  if (ratio > MAX_RATIO) {
    throw new QwenSamplingError(
      'ValueError',
      `absolute aspect ratio must be smaller than ${MAX_RATIO}, got ${pythonFloatRepr(ratio)}`,
    );
  }
  const roundBy = (n: number): number => roundHalfEven(n / factor) * factor;
  const ceilBy = (n: number): number => Math.ceil(n / factor) * factor;
  const floorBy = (n: number): number => Math.floor(n / factor) * factor;
  const qwen = flavor === 'qwen-vl-utils';
  let h = qwen ? Math.max(factor, roundBy(height)) : roundBy(height);
  let w = qwen ? Math.max(factor, roundBy(width)) : roundBy(width);
  if (h * w > maxPixels) {
    const beta = Math.sqrt((height * width) / maxPixels);
    h = floorBy(height / beta);
    w = floorBy(width / beta);
    if (!qwen) {
      h = Math.max(factor, h);
      w = Math.max(factor, w);
    }
  } else if (h * w < minPixels) {
    const beta = Math.sqrt(minPixels / (height * width));
    h = ceilBy(height * beta);
    w = ceilBy(width * beta);
  }
  return { height: h, width: w };
}
