/** JPEG encoding of sampled frames for OpenAI-compatible requests (jpeg-js, pure JS). */
import { encode } from 'jpeg-js';

/** A decoded frame: interleaved 8-bit pixels, RGB (3 channels) or RGBA (4). */
export interface RawFrame {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). Default: inferred from `data.length`. */
  channels?: 3 | 4;
}

/** Default JPEG quality, the same as PIL's default (75) that vLLM and lmms-eval use when they write JPEG. */
export const DEFAULT_JPEG_QUALITY = 75;

/** Encodes one frame as a baseline JPEG. */
export function encodeJpeg(frame: RawFrame, quality: number = DEFAULT_JPEG_QUALITY): Uint8Array {
  const { width, height } = frame;
  const pixels = width * height;
  const channels = frame.channels ?? (frame.data.length === pixels * 4 ? 4 : 3);
  if (frame.data.length !== pixels * channels) {
    throw new TypeError(
      `frame data has ${frame.data.length} bytes, expected ${pixels * channels} for ${width}x${height}x${channels}`,
    );
  }
  let rgba: Uint8Array;
  if (channels === 4) {
    rgba =
      frame.data instanceof Uint8Array
        ? frame.data
        : new Uint8Array(frame.data.buffer, frame.data.byteOffset, frame.data.length);
  } else {
    rgba = new Uint8Array(pixels * 4);
    const src = frame.data;
    for (let i = 0, j = 0; i < pixels; i++, j += 3) {
      const o = i * 4;
      rgba[o] = src[j] ?? 0;
      rgba[o + 1] = src[j + 1] ?? 0;
      rgba[o + 2] = src[j + 2] ?? 0;
      rgba[o + 3] = 255;
    }
  }
  const out = encode({ data: rgba, width, height }, quality);
  return new Uint8Array(out.data.buffer, out.data.byteOffset, out.data.byteLength);
}
