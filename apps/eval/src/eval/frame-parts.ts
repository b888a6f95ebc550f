/**
 * Frames as `image_url` parts for `nextevent curate --video-input frames`: the eval CLI's sampler and JPEG encoder
 * (frames.ts, jpeg.ts), packaged as a `videoParts` builder for @nextevent/curate, which stays free of sharp.
 */
import type { ChatContentPart } from '@nextevent/curate';
import { createVideoPreparer, DEFAULT_FRAME_OPTIONS, type FrameOptions } from './frames.js';

/** Builds the VLM's video parts for one video file (the shape of `CurateOptions.videoParts`). */
export type VideoPartsBuilder = (path: string, signal?: AbortSignal) => Promise<ChatContentPart[]>;

/**
 * A `videoParts` builder that samples the video like the `openai` eval backend (qwen-vl-utils: `fps`, at most
 * `maxFrames`, even count, `totalPixels` budget; defaults in {@link DEFAULT_FRAME_OPTIONS}) and sends each frame,
 * in order, as a JPEG `image_url` data URL.
 *
 * @throws Error naming the file when no frame could be sampled (the request would carry no video at all).
 */
export function createFramePartsBuilder(options: Partial<FrameOptions> = {}): VideoPartsBuilder {
  const prepare = createVideoPreparer(options);
  return async (path, signal) => {
    const video = await prepare(path, signal ?? new AbortController().signal);
    if (video.jpegs.length === 0) {
      throw new Error(`${path}: no frames were sampled`);
    }
    return video.jpegs.map((jpeg) => ({
      type: 'image_url',
      image_url: {
        url: `data:image/jpeg;base64,${Buffer.from(jpeg.buffer, jpeg.byteOffset, jpeg.byteLength).toString('base64')}`,
      },
    }));
  };
}

/**
 * A stable name of the sampling settings (every {@link FrameOptions} field, defaults filled in), for
 * `CurateOptions.videoPartsKey`: changing any of them makes a resumed run redo the VLM stages.
 */
export function framePartsKey(options: Partial<FrameOptions> = {}): string {
  const o = { ...DEFAULT_FRAME_OPTIONS, ...options };
  return (
    `frames:fps=${o.fps},maxFrames=${o.maxFrames},minPixels=${o.minPixels},` +
    `totalPixels=${o.totalPixels},jpegQuality=${o.jpegQuality}`
  );
}
