// Fixture access for tests that run both in Node (Dawn) and in Chromium: files are read with node:fs in Node
// and fetched from the Vite server in the browser. No node: import at module level.
import type { ModelFiles } from '@nextevent/vlm';

const inBrowser = typeof window !== 'undefined' && typeof document !== 'undefined';

/** The URL of a file relative to this folder (the Vite server's URL in a browser). */
export function fixtureUrl(rel: string): string {
  return new URL(rel, import.meta.url).href;
}

/** Reads a file relative to this folder. */
export async function readFixture(rel: string): Promise<Uint8Array> {
  const url = new URL(rel, import.meta.url);
  if (inBrowser) {
    const res = await fetch(url);
    if (!res.ok) {
      throw new Error(`fetch ${url.href}: ${res.status}`);
    }
    return new Uint8Array(await res.arrayBuffer());
  }
  const { readFile } = await import('node:fs/promises');
  const { fileURLToPath } = await import('node:url');
  return new Uint8Array(await readFile(fileURLToPath(url)));
}

/** The tiny checkpoint as ModelFiles (missing files -> null). */
export function fixtureFiles(dir = 'fixtures/tiny-qwen2_5-vl/'): ModelFiles {
  return {
    description: dir,
    async get(name) {
      if (name !== 'config.json' && name !== 'model.safetensors') {
        return null;
      }
      return new Blob([(await readFixture(dir + name)) as Uint8Array<ArrayBuffer>]);
    },
  };
}

interface Tensor {
  file: string;
  dtype: 'float32' | 'int32' | 'uint8';
  shape: number[];
}

/** A fixture case: metadata, model inputs and float32 outputs. */
export async function loadCase(name: string, dir = 'fixtures/tiny-qwen2_5-vl/') {
  const base = `${dir}cases/${name}/`;
  const meta = JSON.parse(new TextDecoder().decode(await readFixture(`${base}case.json`))) as {
    batch: number;
    seq_len: number;
    image_grid_thw?: [number, number, number][];
    video_grid_thw?: [number, number, number][];
    second_per_grid_ts?: number[];
    generated_tokens: number[][];
    tensors: Record<string, Tensor>;
  };
  const read = async (key: string) => {
    const t = meta.tensors[key]!;
    const bytes = await readFixture(base + t.file);
    const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    return t.dtype === 'float32'
      ? new Float32Array(ab)
      : t.dtype === 'int32'
        ? new Int32Array(ab)
        : new Uint8Array(ab);
  };
  const rows = async (key: string) => {
    const d = (await read(key)) as Int32Array;
    const L = meta.seq_len;
    return Array.from({ length: meta.batch }, (_, b) => Array.from(d.subarray(b * L, (b + 1) * L)));
  };
  const concat = async (prefix: string) => {
    const keys = Object.keys(meta.tensors)
      .filter((k) => k.startsWith(prefix) && k.endsWith('_pixel_values'))
      .sort();
    const parts = await Promise.all(keys.map((k) => read(k) as Promise<Float32Array>));
    const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return keys.length ? out : undefined;
  };
  const pixelValues = await concat('image');
  const pixelValuesVideos = await concat('video');
  const inputs = {
    inputIds: await rows('input_ids'),
    attentionMask: await rows('attention_mask'),
    ...(pixelValues ? { pixelValues, imageGridThw: meta.image_grid_thw! } : {}),
    ...(pixelValuesVideos
      ? { pixelValuesVideos, videoGridThw: meta.video_grid_thw!, secondPerGridTs: meta.second_per_grid_ts! }
      : {}),
  };
  return {
    meta,
    inputs,
    read,
    f32: (k: string) => read(k) as Promise<Float32Array>,
    has: (k: string) => k in meta.tensors,
  };
}

/** Max |a - e| over elements whose row (index / width) passes `keep`. */
export function maxAbs(
  a: ArrayLike<number>,
  e: ArrayLike<number>,
  width = 1,
  keep?: (row: number) => boolean,
): number {
  let m = 0;
  for (let i = 0; i < e.length; i++) {
    if (keep && !keep(Math.floor(i / width))) {
      continue;
    }
    const d = Math.abs(a[i]! - e[i]!);
    m = Number.isNaN(d) ? Infinity : Math.max(m, d);
  }
  return m;
}

/**
 * The tiny checkpoint with its safetensors header changed by `edit` (the data bytes stay as they are) and its
 * config.json by `editConfig`: for loader and limit tests.
 */
export async function editedFixtureFiles(
  edit: (header: Record<string, unknown>) => void,
  editConfig: (config: Record<string, unknown>) => void = () => {},
  description = 'edited-tiny',
): Promise<ModelFiles> {
  const st = await readFixture('fixtures/tiny-qwen2_5-vl/model.safetensors');
  const n = Number(new DataView(st.buffer, st.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(st.subarray(8, 8 + n))) as Record<string, unknown>;
  edit(header);
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(json.length), true);
  const blob = new Blob([len, json, st.subarray(8 + n) as Uint8Array<ArrayBuffer>]);
  const config = JSON.parse(
    new TextDecoder().decode(await readFixture('fixtures/tiny-qwen2_5-vl/config.json')),
  ) as Record<string, unknown>;
  editConfig(config);
  return {
    description,
    get: (name) =>
      Promise.resolve(
        name === 'model.safetensors'
          ? blob
          : name === 'config.json'
            ? new Blob([JSON.stringify(config)])
            : null,
      ),
  };
}
