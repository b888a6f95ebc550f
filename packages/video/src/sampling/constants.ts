/** qwen-vl-utils `vision_process.py` constants (qwen-vl-utils 0.0.10, Qwen2.5-VL). */

/** `IMAGE_FACTOR`: resized sides are multiples of this (patch 14 × merge 2). */
export const IMAGE_FACTOR = 28;
/** `MIN_PIXELS` (images, and the default of `smartResize`): 4·28². */
export const MIN_PIXELS = 4 * 28 * 28;
/** `MAX_PIXELS` (images, and the default of `smartResize`): 16384·28². */
export const MAX_PIXELS = 16384 * 28 * 28;
/** `MAX_RATIO`: the largest allowed aspect ratio. */
export const MAX_RATIO = 200;
/** `VIDEO_MIN_PIXELS`: default per-frame minimum for videos, 128·28². */
export const VIDEO_MIN_PIXELS = 128 * 28 * 28;
/** `VIDEO_MAX_PIXELS`: per-frame maximum for videos, 768·28². */
export const VIDEO_MAX_PIXELS = 768 * 28 * 28;
/** `VIDEO_TOTAL_PIXELS` with its environment variable unset: `int(128000·28²·0.9)`. */
export const VIDEO_TOTAL_PIXELS = 90316800;
/** `FRAME_FACTOR`: frame counts are multiples of this (temporal patch size). */
export const FRAME_FACTOR = 2;
/** `FPS`: default sampling rate (frames per second). */
export const FPS = 2.0;
/** `FPS_MIN_FRAMES`. */
export const FPS_MIN_FRAMES = 4;
/** `FPS_MAX_FRAMES`. */
export const FPS_MAX_FRAMES = 768;

/**
 * FutureBench's video settings (V1 evaluation): 2 fps, at most 32 frames, a 1,605,632-pixel budget for the whole
 * clip and a 3,136-pixel per-frame minimum. Spread it into `planVideoSampling` / `sampleFrames` options.
 */
export const FUTUREBENCH_SAMPLING = {
  fps: 2,
  maxFrames: 32,
  totalPixels: 1605632,
  minPixels: 3136,
} as const;
