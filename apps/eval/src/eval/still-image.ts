/**
 * Still images for the `local` backend (SEED-Bench-R1's current observation), prepared the way the paper's
 * lmms-eval `qwen2_5_vl` model feeds them to Qwen2.5-VL:
 *
 * 1. qwen-vl-utils `fetch_image`: `Image.open(path)`, `to_rgb` (an RGBA image is pasted onto white with its alpha
 *    as mask; every other mode is `convert('RGB')`, which drops alpha), `smart_resize` with the image defaults
 *    (`MIN_PIXELS` 4·28², `MAX_PIXELS` 16384·28²; the SEED-Bench-R1 image item carries no pixel bounds of its own),
 *    then `image.resize((w, h))`, whose resample is BICUBIC since Pillow 7.
 * 2. The transformers `Qwen2VLImageProcessor` that lmms-eval builds with `min_pixels=4·28²`,
 *    `max_pixels=1280·28²`: its own `smart_resize` (the transformers flavour) and a second BICUBIC resize, which
 *    only changes images above 1 003 520 pixels (a 1920×1080 frame: 1932×1092 after step 1, 1316×728 after step 2).
 *    This is the slow (Pillow) image processor, the `AutoProcessor` default before transformers 4.52; the fast one
 *    resizes with torchvision (float antialiased bicubic) instead.
 *
 * The result is already at the processor's size, so @nextevent/vlm's processor passes it through unchanged.
 *
 * Known differences from the reference:
 * - Both resizes use @nextevent/vlm's `resizeFrame` (PIL's antialiased bicubic: same kernel, support and
 *   normalisation, computed in float64). Pillow works in 8-bit fixed point (22-bit coefficients) and rounds to
 *   bytes between its horizontal and vertical passes, so some pixels differ by ±1.
 * - Decoding is libvips (sharp) instead of Pillow: the same libjpeg-turbo / libpng / libwebp decoders with the
 *   embedded ICC profile ignored, as Pillow does. Rare modes are not reproduced bit for bit (16-bit PNGs, CMYK
 *   JPEGs, an RGB PNG whose `tRNS` colour makes libvips add an alpha channel that Pillow does not).
 */
import { IMAGE_FACTOR, MAX_PIXELS, MIN_PIXELS, smartResize, type ResizedSize } from '@nextevent/video';
import { resizeFrame, type RgbFrame } from '@nextevent/vlm';
import sharp from 'sharp';
import { MediaDecodeError } from './errors.js';

/** `max_pixels` lmms-eval's `qwen2_5_vl` gives the HF processor (1280·28²): the image token budget. */
export const IMAGE_PROCESSOR_MAX_PIXELS = 1280 * 28 * 28;

/** `min_pixels` lmms-eval's `qwen2_5_vl` gives the HF processor (4·28²). */
export const IMAGE_PROCESSOR_MIN_PIXELS = 4 * 28 * 28;

/** The two sizes a still image goes through (see the module comment). */
export interface StillImageSizes {
  /** After qwen-vl-utils' `fetch_image`. */
  fetched: ResizedSize;
  /** After the HF processor: what the vision tower sees (`grid_thw = [1, height/14, width/14]`). */
  processed: ResizedSize;
}

/**
 * The sizes an image of `height × width` pixels is resized to by qwen-vl-utils, then by the processor.
 *
 * @throws {QwenSamplingError} where qwen-vl-utils raises (aspect ratio above 200).
 */
export function stillImageSizes(height: number, width: number): StillImageSizes {
  const fetched = smartResize(height, width, {
    factor: IMAGE_FACTOR,
    minPixels: MIN_PIXELS,
    maxPixels: MAX_PIXELS,
    flavor: 'qwen-vl-utils',
  });
  const processed = smartResize(fetched.height, fetched.width, {
    factor: IMAGE_FACTOR,
    minPixels: IMAGE_PROCESSOR_MIN_PIXELS,
    maxPixels: IMAGE_PROCESSOR_MAX_PIXELS,
    flavor: 'transformers',
  });
  return { fetched, processed };
}

/** Pillow's `DIV255`: `v / 255` rounded, exact for `0 ≤ v ≤ 255·255`. */
function div255(v: number): number {
  const t = v + 128;
  return ((t >> 8) + t) >> 8;
}

/**
 * Decodes an image file (JPEG, PNG, WebP, and whatever else libvips reads; the first page of an animation) to
 * packed 8-bit RGB like qwen-vl-utils' `to_rgb(Image.open(path))`: RGBA is pasted onto white with Pillow's
 * rounding; grey + alpha and palette images drop their alpha, as `convert('RGB')` does. EXIF orientation is not
 * applied (Pillow does not apply it either).
 *
 * @throws {MediaDecodeError} naming `path` when the file is missing, unreadable, corrupt or truncated.
 */
export async function decodeStillImage(path: string): Promise<RgbFrame> {
  try {
    const input = sharp(path, { ignoreIcc: true });
    const meta = await input.metadata();
    // Pillow opens these as mode 'RGBA' (the only mode to_rgb pastes onto white); 'LA' and 'P' have 2 / 1 bands.
    const rgba = meta.hasAlpha && meta.channels === 4 && !meta.isPalette;
    const { data, info } = await input
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
    const { width, height, channels } = info;
    const px = width * height;
    if (channels === 3) {
      return { width, height, channels: 3, data: new Uint8Array(data.buffer, data.byteOffset, px * 3) };
    }
    if (channels !== 4) {
      throw new Error(`decoded to ${channels} channels, expected 3 or 4`);
    }
    const rgb = new Uint8Array(px * 3);
    for (let i = 0; i < px; i++) {
      const a = rgba ? (data[i * 4 + 3] ?? 0) : 255;
      for (let c = 0; c < 3; c++) {
        const v = data[i * 4 + c] ?? 0;
        rgb[i * 3 + c] = a === 255 ? v : div255(255 * (255 - a) + v * a);
      }
    }
    return { width, height, channels: 3, data: rgb };
  } catch (err) {
    throw new MediaDecodeError(`cannot read image ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Reads the image at `path` and resizes it exactly as the paper's eval does before the vision tower (decode,
 * qwen-vl-utils `fetch_image`, HF processor resize; see the module comment). Returns packed RGB at
 * {@link StillImageSizes.processed}, ready for `{ type: 'image', image }` in @nextevent/vlm messages.
 *
 * @throws {MediaDecodeError} naming `path` for an unreadable or corrupt file, or one qwen-vl-utils would reject
 *   (aspect ratio above 200, or resized to zero pixels).
 */
export async function prepareStillImage(path: string, signal?: AbortSignal): Promise<RgbFrame> {
  signal?.throwIfAborted();
  const decoded = await decodeStillImage(path);
  signal?.throwIfAborted();
  let sizes: StillImageSizes;
  try {
    sizes = stillImageSizes(decoded.height, decoded.width);
  } catch (err) {
    const e = err as Error;
    throw new MediaDecodeError(`cannot resize image ${path}: ${e.name}: ${e.message}`, { cause: err });
  }
  const { fetched, processed } = sizes;
  if (fetched.width === 0 || fetched.height === 0) {
    throw new MediaDecodeError(
      `cannot resize image ${path}: qwen-vl-utils smart_resize gives ${fetched.width}x${fetched.height} ` +
        `for ${decoded.width}x${decoded.height}`,
    );
  }
  const first = resizeFrame(decoded, fetched.width, fetched.height);
  return resizeFrame(first, processed.width, processed.height);
}
