import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MediaDecodeError } from '../src/eval/errors.js';
import { decodeStillImage, prepareStillImage, stillImageSizes } from '../src/eval/still-image.js';
import { tmp, type Json } from './helpers/cli.js';

/** qwen-vl-utils / transformers smart_resize goldens (copied into the video package, see its README). */
const GOLDENS: Json[] = readFileSync(
  join(import.meta.dirname, '../../../packages/video/test/fixtures/qwen/smart_resize.jsonl'),
  'utf8',
)
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l));

/** Writes `w×h` pixels (`channels` interleaved bytes each) as an image file with sharp. */
async function writeImage(
  path: string,
  width: number,
  height: number,
  channels: 3 | 4,
  pixel: (x: number, y: number, c: number) => number,
  format: 'png' | 'jpeg' | 'webp',
): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < channels; c++) {
        data[(y * width + x) * channels + c] = pixel(x, y, c);
      }
    }
  }
  const img = sharp(data, { raw: { width, height, channels } });
  const out =
    format === 'png'
      ? img.png()
      : format === 'jpeg'
        ? img.jpeg({ quality: 95 })
        : img.webp({ lossless: true });
  writeFileSync(path, await out.toBuffer());
  return data;
}

describe('stillImageSizes (qwen-vl-utils fetch_image, then the HF processor with max_pixels 1280·28²)', () => {
  const imageDefaults = GOLDENS.filter(
    (g) =>
      g.input.factor === 28 &&
      g.input.min_pixels === 3136 &&
      g.input.max_pixels === 12845056 &&
      g.qwen_vl_utils.h !== undefined,
  );

  // The processor's own smart_resize raises on these (ratio of the fetched size above 200, e.g. 50680×252).
  const fetchedTooThin = (g: Json): boolean =>
    Math.max(g.qwen_vl_utils.h, g.qwen_vl_utils.w) / Math.min(g.qwen_vl_utils.h, g.qwen_vl_utils.w) > 200;

  it('step 1 is qwen-vl-utils smart_resize with the image MIN_PIXELS / MAX_PIXELS (goldens)', () => {
    expect(imageDefaults.length).toBeGreaterThan(50);
    for (const g of imageDefaults.filter((x) => !fetchedTooThin(x))) {
      const { fetched } = stillImageSizes(g.input.height, g.input.width);
      expect(fetched, `golden ${g.id}`).toEqual({ height: g.qwen_vl_utils.h, width: g.qwen_vl_utils.w });
    }
  });

  it('step 2 raises like the processor when the fetched size is thinner than 1:200', () => {
    const thin = imageDefaults.filter(fetchedTooThin);
    expect(thin.map((g) => g.id)).toEqual([58]);
    // 200000×1000 → 50680×252 by qwen-vl-utils; 50680/252 = 201.11… > 200.
    expect(() => stillImageSizes(200000, 1000)).toThrow(
      'absolute aspect ratio must be smaller than 200, got 201.11111111111111',
    );
  });

  it('step 2 keeps images within the 1 003 520-pixel budget as they are (sides already multiples of 28)', () => {
    let kept = 0;
    for (const g of imageDefaults.filter((x) => !fetchedTooThin(x))) {
      const { fetched, processed } = stillImageSizes(g.input.height, g.input.width);
      if (fetched.height * fetched.width <= 1280 * 28 * 28 && fetched.height * fetched.width >= 3136) {
        expect(processed, `golden ${g.id}`).toEqual(fetched);
        kept++;
      }
    }
    expect(kept).toBeGreaterThan(10);
  });

  it('a 1920×1080 frame: 1932×1092 after fetch_image, 1316×728 after the processor (worked by hand)', () => {
    // fetch_image: round(1080/28) = round(38.57) = 39 → 1092; round(1920/28) = round(68.57) = 69 → 1932;
    // 1092·1932 = 2 109 744 lies in [3136, 12 845 056], so it stays.
    // processor: 2 109 744 > 1 003 520 → β = sqrt(2 109 744 / 1 003 520) = 1.44994…;
    // floor(1092/β/28) = floor(26.90) = 26 → 728; floor(1932/β/28) = floor(47.59) = 47 → 1316.
    expect(stillImageSizes(1080, 1920)).toEqual({
      fetched: { height: 1092, width: 1932 },
      processed: { height: 728, width: 1316 },
    });
  });

  it('raises where qwen-vl-utils raises (golden error)', () => {
    const g = GOLDENS.find((x) => x.input.max_pixels === 12845056 && x.qwen_vl_utils.error_type);
    expect(g).toBeDefined();
    expect(() => stillImageSizes(g.input.height, g.input.width)).toThrow(g.qwen_vl_utils.error);
  });
});

describe('decodeStillImage (qwen-vl-utils to_rgb)', () => {
  it('reads PNG and lossless WebP pixels exactly', async () => {
    const dir = tmp();
    const px = (x: number, y: number, c: number): number => (x * 37 + y * 11 + c * 90) % 256;
    for (const format of ['png', 'webp'] as const) {
      const path = join(dir, `a.${format}`);
      const data = await writeImage(path, 9, 5, 3, px, format);
      const img = await decodeStillImage(path);
      expect(img).toMatchObject({ width: 9, height: 5, channels: 3 });
      expect(Array.from(img.data)).toEqual(Array.from(data));
    }
  });

  it('pastes RGBA onto white with the alpha as mask, rounded like Pillow', async () => {
    const dir = tmp();
    const path = join(dir, 'rgba.png');
    const alphas = [0, 1, 77, 128, 200, 254, 255];
    const color = (x: number, c: number): number => (x * 40 + c * 70 + 13) % 256;
    await writeImage(
      path,
      alphas.length,
      1,
      4,
      (x, _y, c) => (c === 3 ? (alphas[x] ?? 0) : color(x, c)),
      'png',
    );
    const img = await decodeStillImage(path);
    const expected: number[] = [];
    alphas.forEach((a, x) => {
      for (let c = 0; c < 3; c++) {
        // white·(1 − α) + colour·α, α = a/255, rounded to the nearest byte.
        expected.push(Math.round((255 * (255 - a) + color(x, c) * a) / 255));
      }
    });
    expect(Array.from(img.data)).toEqual(expected);
  });

  it('reads JPEG (lossy: a flat colour comes back within a few levels)', async () => {
    const dir = tmp();
    const path = join(dir, 'flat.jpg');
    const rgb = [200, 100, 50];
    await writeImage(path, 16, 16, 3, (_x, _y, c) => rgb[c] ?? 0, 'jpeg');
    const img = await decodeStillImage(path);
    expect(img).toMatchObject({ width: 16, height: 16, channels: 3 });
    for (let i = 0; i < img.data.length; i++) {
      expect(Math.abs((img.data[i] ?? 0) - (rgb[i % 3] ?? 0))).toBeLessThanOrEqual(3);
    }
  });

  it('a corrupt, truncated or missing file is a MediaDecodeError naming the file', async () => {
    const dir = tmp();
    const garbage = join(dir, 'obs.png');
    writeFileSync(garbage, 'not an image');
    const err = await decodeStillImage(garbage).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaDecodeError);
    expect((err as Error).message.replace(dir, '<dir>')).toMatchInlineSnapshot(
      `"cannot read image <dir>/obs.png: Input file contains unsupported image format"`,
    );

    const jpeg = join(dir, 'whole.jpg');
    await writeImage(jpeg, 32, 32, 3, (x, y) => x * y, 'jpeg');
    const truncated = join(dir, 'truncated.jpg');
    const bytes = readFileSync(jpeg);
    writeFileSync(truncated, bytes.subarray(0, bytes.length - 40));
    await expect(decodeStillImage(truncated)).rejects.toThrow(
      new MediaDecodeError(`cannot read image ${truncated}: VipsJpeg: premature end of JPEG image`),
    );

    const missing = join(dir, 'missing.png');
    await expect(prepareStillImage(missing)).rejects.toThrow(
      new MediaDecodeError(`cannot read image ${missing}: Input file is missing: ${missing}`),
    );
  });
});

describe('prepareStillImage', () => {
  it('returns RGB at the processor size; a flat colour stays flat through both bicubic resizes', async () => {
    const dir = tmp();
    // Golden 2: 70×98 (h×w) → qwen-vl-utils 56×112, within the processor budget.
    const g = GOLDENS.find((x) => x.id === 2);
    expect(g.input).toMatchObject({ height: 70, width: 98, min_pixels: 3136, max_pixels: 12845056 });
    const path = join(dir, 'obs.png');
    await writeImage(path, 98, 70, 3, (_x, _y, c) => [10, 120, 250][c] ?? 0, 'png');
    const img = await prepareStillImage(path);
    expect(img).toMatchObject({ width: g.qwen_vl_utils.w, height: g.qwen_vl_utils.h, channels: 3 });
    expect(img.data).toHaveLength(112 * 56 * 3);
    for (let i = 0; i < img.data.length; i++) {
      expect(img.data[i]).toBe([10, 120, 250][i % 3]);
    }
  });

  it('rejects an aspect ratio qwen-vl-utils rejects, naming the file', async () => {
    const dir = tmp();
    const path = join(dir, 'strip.png');
    await writeImage(path, 201, 1, 3, () => 0, 'png');
    await expect(prepareStillImage(path)).rejects.toThrow(
      new MediaDecodeError(
        `cannot resize image ${path}: QwenSamplingError: absolute aspect ratio must be smaller than 200, got 201.0`,
      ),
    );
  });

  it('stops when the signal is aborted', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(prepareStillImage('/nowhere.png', ac.signal)).rejects.toThrow('stop');
  });
});
