import type { InputVideoTrack, VideoSample } from 'mediabunny';
import { CodecUnavailableError, UnsupportedCodecError } from '../errors.js';
import { ensureCodecs, missingCodecsMessage } from '../support.js';

/** Makes sure `track` can be decoded here (loading Node codecs when needed), or throws a typed error. */
export async function requireDecoder(track: InputVideoTrack, what: string): Promise<void> {
  if (!(await ensureCodecs())) {
    throw new CodecUnavailableError(
      `${what}: decoding frames needs a video decoder: ${missingCodecsMessage()}`,
    );
  }
  if (!(await track.canDecode())) {
    const codec = await track.getCodecParameterString();
    throw new UnsupportedCodecError(`${what}: cannot decode ${codec ?? 'this codec'} here`, codec);
  }
}

/** A decoded frame's visible pixels as tightly packed RGBA bytes, in coded orientation (no rotation applied). */
export interface RgbaImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Copies a decoded sample to packed RGBA (the one RGB format every WebCodecs implementation converts to). */
export async function toRgba(sample: VideoSample): Promise<RgbaImage> {
  // The visible rectangle: decoders may pad the coded size (Chromium's VP9 decodes 128×96 into 192×96).
  const { left, top, width, height } = sample.visibleRect;
  const rect = { x: left, y: top, width, height };
  const data = new Uint8Array(sample.allocationSize({ format: 'RGBA', rect }));
  await sample.copyTo(data, { format: 'RGBA', rect, layout: [{ offset: 0, stride: width * 4 }] });
  return { data: data.subarray(0, width * height * 4), width, height };
}
