import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(import.meta.dirname, 'fixtures');
export const TINY = join(FIXTURES, 'tiny-qwen2_5-vl');
export const TINY_UNTIED = join(TINY, 'untied');
export const QWEN = join(FIXTURES, 'qwen');

export interface CaseTensor {
  file: string;
  dtype: 'float32' | 'int32' | 'uint8';
  shape: number[];
}

export interface FixtureCase {
  name: string;
  batch: number;
  seq_len: number;
  image_grid_thw?: [number, number, number][];
  video_grid_thw?: [number, number, number][];
  second_per_grid_ts?: number[];
  rope_deltas: number[];
  generated_tokens: number[][];
  decode_positions: number[][];
  window_index?: number[];
  cu_window_seqlens?: number[];
  cu_seqlens_full?: number[];
  tensors: Record<string, CaseTensor>;
}

export function readCase(name: string, root = TINY) {
  const dir = join(root, 'cases', name);
  const meta = JSON.parse(readFileSync(join(dir, 'case.json'), 'utf8')) as FixtureCase;
  const read = (key: string): Float32Array | Int32Array | Uint8Array => {
    const t = meta.tensors[key];
    if (!t) {
      throw new Error(`case ${name} has no tensor ${key}`);
    }
    const buf = readFileSync(join(dir, t.file));
    const ab = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    return t.dtype === 'float32'
      ? new Float32Array(ab)
      : t.dtype === 'int32'
        ? new Int32Array(ab)
        : new Uint8Array(ab);
  };
  const f32 = (key: string) => read(key) as Float32Array;
  const i32 = (key: string) => read(key) as Int32Array;
  const rows = (key: string): number[][] => {
    const t = meta.tensors[key]!;
    const data = i32(key);
    const [B, L] = t.shape as [number, number];
    return Array.from({ length: B }, (_, b) => Array.from(data.subarray(b * L, (b + 1) * L)));
  };
  const has = (key: string) => key in meta.tensors;
  const concat = (prefix: 'image' | 'video') => {
    const keys = Object.keys(meta.tensors)
      .filter((k) => k.startsWith(prefix) && k.endsWith('_pixel_values'))
      .sort();
    const parts = keys.map((k) => f32(k));
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return keys.length ? out : undefined;
  };
  const inputs = () => {
    const pixelValues = concat('image');
    const pixelValuesVideos = concat('video');
    return {
      inputIds: rows('input_ids'),
      attentionMask: rows('attention_mask'),
      ...(pixelValues ? { pixelValues, imageGridThw: meta.image_grid_thw! } : {}),
      ...(pixelValuesVideos
        ? { pixelValuesVideos, videoGridThw: meta.video_grid_thw!, secondPerGridTs: meta.second_per_grid_ts! }
        : {}),
    };
  };
  return { meta, dir, read, f32, i32, rows, has, inputs };
}

export const CASES = [
  'a_text',
  'b_video_2x4x4',
  'c_video_3x8x12',
  'd_image_1x6x6',
  'e_batch2_leftpad',
] as const;

/** Max |a - e| over positions where `keep(i)` (per element index) is true. */
export function maxAbsDiff(
  a: ArrayLike<number>,
  e: ArrayLike<number>,
  keep?: (i: number) => boolean,
): number {
  if (a.length !== e.length) {
    throw new Error(`length ${a.length} != ${e.length}`);
  }
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    if (keep && !keep(i)) {
      continue;
    }
    const d = Math.abs(a[i]! - e[i]!);
    if (!(d <= m)) {
      m = Number.isNaN(d) ? Infinity : d;
    }
  }
  return m;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
