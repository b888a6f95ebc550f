import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CLIP_MEAN,
  CLIP_STD,
  cuSeqlens,
  parseConfig,
  patchify,
  processImage,
  processVideo,
  resizeFrame,
  ropeIndex,
  rotaryPositionIds,
  windowIndex,
  type GridThw,
} from '@nextevent/vlm';
import { CASES, QWEN, maxAbsDiff, readCase, readJsonl } from './helpers.js';

interface VisionPosCase {
  id: number;
  input: { grid_thw: GridThw[]; window_size: number; patch_size: number; spatial_merge_size: number };
  rot_pos_ids: [number, number][];
  window_index: number[];
  cu_window_seqlens_raw: number[];
  cu_window_seqlens: number[];
  cu_seqlens: number[];
}

describe('vision position / window index vs transformers goldens (vision_pos.jsonl)', () => {
  const cases = readJsonl<VisionPosCase>(join(QWEN, 'vision_pos.jsonl'));
  it.each(cases.map((c) => [c.id, c] as const))('case %i', (_id, c) => {
    const { grid_thw, window_size, patch_size, spatial_merge_size } = c.input;
    const rot = grid_thw.flatMap((g) => Array.from(rotaryPositionIds(g, spatial_merge_size)));
    expect(rot).toEqual(c.rot_pos_ids.flat());
    const plan = windowIndex(grid_thw, window_size, patch_size, spatial_merge_size);
    expect(Array.from(plan.index)).toEqual(c.window_index);
    expect(Array.from(plan.cuWindowSeqlensRaw)).toEqual(c.cu_window_seqlens_raw);
    expect(Array.from(plan.cuWindowSeqlens)).toEqual(c.cu_window_seqlens);
    expect(Array.from(cuSeqlens(grid_thw))).toEqual(c.cu_seqlens);
  });

  it.each(['b_video_2x4x4', 'c_video_3x8x12'])('tiny fixture %s window bookkeeping', (name) => {
    const c = readCase(name);
    const plan = windowIndex(c.meta.video_grid_thw!.slice(0, 1), 112, 14, 2);
    expect(Array.from(plan.index)).toEqual(c.meta.window_index);
    expect(Array.from(plan.cuWindowSeqlens)).toEqual(c.meta.cu_window_seqlens);
    expect(Array.from(cuSeqlens(c.meta.video_grid_thw!.slice(0, 1)))).toEqual(c.meta.cu_seqlens_full);
  });
});

interface RopeCase {
  id: number;
  input: {
    input_ids: number[][];
    attention_mask: number[][] | null;
    image_grid_thw: GridThw[] | null;
    video_grid_thw: GridThw[] | null;
    second_per_grid_ts: number[] | null;
    tokens_per_second: number;
    spatial_merge_size: number;
  };
  position_ids: number[][][];
  mrope_position_deltas: number[];
}

describe('ropeIndex vs get_rope_index goldens (rope_index.jsonl)', () => {
  const cases = readJsonl<RopeCase>(join(QWEN, 'rope_index.jsonl'));
  it.each(cases.map((c) => [c.id, c] as const))('case %i', (_id, c) => {
    const i = c.input;
    const out = ropeIndex(
      {
        inputIds: i.input_ids,
        attentionMask: i.attention_mask ?? undefined,
        imageGridThw: i.image_grid_thw ?? undefined,
        videoGridThw: i.video_grid_thw ?? undefined,
        secondPerGridTs: i.second_per_grid_ts ?? undefined,
      },
      {
        imageTokenId: 151655,
        videoTokenId: 151656,
        visionStartTokenId: 151652,
        spatialMergeSize: i.spatial_merge_size,
        tokensPerSecond: i.tokens_per_second,
      },
    );
    expect(out.positionIds).toEqual(c.position_ids);
    expect(out.ropeDeltas).toEqual(c.mrope_position_deltas);
  });
});

interface PatchifyCase {
  name: string;
  frames_shape_THWC: [number, number, number, number];
  frames_file: string;
  grid_thw: GridThw;
  shape: [number, number];
  image_processor: { file: string };
  video_processor: { file: string };
}

function f32File(file: string): Float32Array {
  const b = readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

describe('patchify vs HF processor goldens (patchify.json)', () => {
  const spec = JSON.parse(readFileSync(join(QWEN, 'patchify.json'), 'utf8')) as { cases: PatchifyCase[] };
  describe.each(spec.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const [T, H, W] = c.frames_shape_THWC;
    const raw = readFileSync(join(QWEN, c.frames_file));
    const frames = Array.from({ length: T }, (_, t) => ({
      width: W,
      height: H,
      data: new Uint8Array(raw.subarray(t * H * W * 3, (t + 1) * H * W * 3)),
    }));
    it.each(['video', 'image'] as const)('%s processor path is bit-exact', (path) => {
      const out = patchify(frames, { patchSize: 14, temporalPatchSize: 2, mergeSize: 2, path });
      expect(out.gridThw).toEqual(c.grid_thw);
      const expected = f32File(join(QWEN, (path === 'video' ? c.video_processor : c.image_processor).file));
      expect(out.pixelValues.length).toBe(c.shape[0] * c.shape[1]);
      expect(maxAbsDiff(out.pixelValues, expected)).toBe(0);
    });
  });

  it('RGBA input gives the same rows as RGB', () => {
    const c = spec.cases[0]!;
    const [T, H, W] = c.frames_shape_THWC;
    const raw = readFileSync(join(QWEN, c.frames_file));
    const rgb = [];
    const rgba = [];
    for (let t = 0; t < T; t++) {
      const src = raw.subarray(t * H * W * 3, (t + 1) * H * W * 3);
      const d4 = new Uint8ClampedArray(H * W * 4);
      for (let i = 0; i < H * W; i++) {
        d4.set(src.subarray(i * 3, i * 3 + 3), i * 4);
        d4[i * 4 + 3] = 255;
      }
      rgb.push({ width: W, height: H, data: new Uint8Array(src) });
      rgba.push({ width: W, height: H, data: d4 });
    }
    const a = patchify(rgb, { patchSize: 14, temporalPatchSize: 2, mergeSize: 2, path: 'video' });
    const b = patchify(rgba, { patchSize: 14, temporalPatchSize: 2, mergeSize: 2, path: 'video' });
    expect(b.pixelValues).toEqual(a.pixelValues);
  });

  it('rejects sizes that are not multiples of 28', () => {
    expect(() =>
      patchify([{ width: 30, height: 28, data: new Uint8Array(30 * 28 * 3) }], {
        patchSize: 14,
        temporalPatchSize: 2,
        mergeSize: 2,
        path: 'video',
      }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Frame size 30x28 must be a multiple of 28 on both sides (resize first).]`,
    );
  });
});

describe('tiny fixture pixel values from the uint8 frames', () => {
  // Fixture frames are (T, 3, H, W) planar; the model input was computed in float64 and stored float32: atol 1e-6.
  it.each(CASES.filter((n) => n !== 'a_text'))('%s', (name) => {
    const c = readCase(name);
    for (const kind of ['image0', 'video0'] as const) {
      if (!c.has(`${kind}_frames_uint8`)) {
        continue;
      }
      const t = c.meta.tensors[`${kind}_frames_uint8`]!;
      const [T, C, H, W] = t.shape as [number, number, number, number];
      const planar = c.read(`${kind}_frames_uint8`) as Uint8Array;
      const frames = Array.from({ length: T }, (_, f) => {
        const data = new Uint8Array(H * W * 3);
        for (let ch = 0; ch < C; ch++) {
          for (let i = 0; i < H * W; i++) {
            data[i * 3 + ch] = planar[(f * C + ch) * H * W + i]!;
          }
        }
        return { width: W, height: H, data };
      });
      const out = patchify(frames, { patchSize: 14, temporalPatchSize: 2, mergeSize: 2, path: 'video' });
      expect(maxAbsDiff(out.pixelValues, c.f32(`${kind}_pixel_values`))).toBeLessThan(1e-6);
    }
  });
});

describe('resizing to the processor size', () => {
  const config = parseConfig(
    JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/tiny-qwen2_5-vl/config.json'), 'utf8')),
  );

  it('an image of 100x60 becomes 112x56 (transformers smart_resize: round(60/28)=2, round(100/28)=4 blocks)', () => {
    const image = { width: 100, height: 60, data: new Uint8Array(100 * 60 * 3).fill(200) };
    const out = processImage(image, config);
    expect(out.gridThw).toEqual([1, 4, 8]);
    // A constant image stays constant through the antialiased bicubic: every value is channel c's normalized 200.
    const expected = [0, 1, 2].map((c) => Math.fround((200 / 255 - CLIP_MEAN[c]!) / CLIP_STD[c]!));
    for (let i = 0; i < out.pixelValues.length; i += 97) {
      const c = Math.floor((i % 1176) / 392);
      expect(Math.abs(out.pixelValues[i]! - expected[c]!)).toBeLessThan(1e-6);
    }
  });

  it('frames already at a smart_resize size pass unchanged (same rows as patchify)', () => {
    const frames = Array.from({ length: 2 }, (_, f) => ({
      width: 56,
      height: 84,
      data: Uint8Array.from({ length: 56 * 84 * 3 }, (_, i) => (i * 7 + f) & 255),
    }));
    expect(resizeFrame(frames[0]!, 56, 84)).toBe(frames[0]);
    const a = processVideo({ frames }, config);
    const b = patchify(frames, { patchSize: 14, temporalPatchSize: 2, mergeSize: 2, path: 'video' });
    expect(a.pixelValues).toEqual(b.pixelValues);
    expect(a.secondPerGridT).toBe(1);
  });

  it('video frames of 70x50 are resized to 56x56 before patchify', () => {
    const frames = [{ width: 70, height: 50, data: new Uint8Array(70 * 50 * 3).fill(10) }];
    expect(processVideo({ frames, fps: 4 }, config)).toMatchObject({
      gridThw: [1, 4, 4],
      secondPerGridT: 0.5,
    });
  });
});
