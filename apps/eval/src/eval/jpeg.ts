/** JPEG encoding of sampled frames for OpenAI-compatible requests (sharp: libvips + libjpeg-turbo, ~2 ms a frame). */
import sharp from 'sharp';

// Frames are encoded once each; sharp's operation cache would only hold memory.
sharp.cache(false);

/** A decoded frame: interleaved 8-bit pixels, RGB (3 channels) or RGBA (4). */
export interface RawFrame {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  /** 3 (RGB) or 4 (RGBA). Default: inferred from `data.length`. */
  channels?: 3 | 4;
}

/** Default JPEG quality: 75, PIL's default, which vLLM and lmms-eval get when they write JPEG. */
export const DEFAULT_JPEG_QUALITY = 75;

/** Encodes one frame as a baseline JPEG (4:2:0, like PIL's default). */
export async function encodeJpeg(
  frame: RawFrame,
  quality: number = DEFAULT_JPEG_QUALITY,
): Promise<Uint8Array> {
  const { width, height } = frame;
  const pixels = width * height;
  const channels = frame.channels ?? (frame.data.length === pixels * 4 ? 4 : 3);
  if (frame.data.length !== pixels * channels) {
    throw new TypeError(
      `frame data has ${frame.data.length} bytes, expected ${pixels * channels} for ${width}x${height}x${channels}`,
    );
  }
  const input = Buffer.from(frame.data.buffer, frame.data.byteOffset, frame.data.byteLength);
  const out = await sharp(input, { raw: { width, height, channels } })
    .removeAlpha()
    .jpeg({ quality, chromaSubsampling: '4:2:0' })
    .toBuffer();
  return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
}
