import type { RgbFrame } from './patchify.js';

/**
 * Reads WebCodecs `VideoFrame`s (browsers) into RGBA {@link RgbFrame}s at their display size through an
 * `OffscreenCanvas` (color conversion by the browser). The frames are not closed: the caller owns them.
 */
export function rgbFromVideoFrames(frames: readonly VideoFrame[]): RgbFrame[] {
  if (typeof OffscreenCanvas === 'undefined') {
    throw new TypeError(
      'Reading VideoFrames needs OffscreenCanvas (a browser or worker); pass RGB frames instead.',
    );
  }
  let canvas: OffscreenCanvas | undefined;
  let ctx: OffscreenCanvasRenderingContext2D | null = null;
  return frames.map((frame, i) => {
    const width = frame.displayWidth;
    const height = frame.displayHeight;
    if (!canvas || canvas.width !== width || canvas.height !== height) {
      canvas = new OffscreenCanvas(width, height);
      ctx = canvas.getContext('2d', { willReadFrequently: true });
    }
    if (!ctx) {
      throw new TypeError(`Could not get a 2d context to read VideoFrame ${i}.`);
    }
    ctx.drawImage(frame, 0, 0, width, height);
    const data = ctx.getImageData(0, 0, width, height).data;
    return { width, height, data, channels: 4 };
  });
}

/** True for WebCodecs `VideoFrame`s (without touching the global, which Node lacks). */
export function isVideoFrame(x: unknown): x is VideoFrame {
  return typeof VideoFrame !== 'undefined' && x instanceof VideoFrame;
}
