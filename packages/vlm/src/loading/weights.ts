import { ModelFormatError, ModelLoadError } from '../errors.js';
import type { ModelFiles } from './model-files.js';
import { parseSafetensorsHeader, readHeaderLength, type TensorInfo } from './safetensors.js';

/** Progress of {@link loadModel}: downloads (per file) and tensor reads (whole checkpoint). */
export interface LoadProgress {
  phase: 'download' | 'weights' | 'ready';
  /** File being downloaded or read. */
  file: string;
  /** Bytes done (of this file for `download`, of all weights for `weights`). */
  loaded: number;
  /** Total bytes; NaN when unknown. */
  total: number;
}

/** Receives every tensor once, in file order, with its raw little-endian bytes (valid during the call only). */
export type TensorSink = (info: TensorInfo, bytes: Uint8Array) => void | Promise<void>;

/**
 * Maps current transformers names (`model.language_model.X`, `model.visual.X`) to the released checkpoints'
 * names (`model.X`, `visual.X`), the names this runtime uses.
 */
export function canonicalTensorName(name: string): string {
  if (name.startsWith('model.language_model.')) {
    return `model.${name.slice('model.language_model.'.length)}`;
  }
  if (name.startsWith('model.visual.')) {
    return name.slice('model.'.length);
  }
  return name;
}

async function readJson(files: ModelFiles, name: string): Promise<unknown> {
  const blob = await files.get(name);
  if (!blob) {
    return undefined;
  }
  try {
    return JSON.parse(await blob.text()) as unknown;
  } catch (err) {
    throw new ModelFormatError(`${files.description}/${name}: invalid JSON (${String(err)}).`);
  }
}

/** Reads and parses a JSON file of the checkpoint, or returns undefined when it does not exist. */
export function readOptionalJson(files: ModelFiles, name: string): Promise<unknown> {
  return readJson(files, name);
}

/** Lists the weight shards: from `model.safetensors.index.json` when present, else `model.safetensors`. */
export async function listShards(files: ModelFiles): Promise<string[]> {
  const index = await readJson(files, 'model.safetensors.index.json');
  if (index === undefined) {
    return ['model.safetensors'];
  }
  const map = (index as { weight_map?: unknown }).weight_map;
  if (typeof map !== 'object' || map === null) {
    throw new ModelFormatError(`${files.description}/model.safetensors.index.json: "weight_map" is missing.`);
  }
  return [...new Set(Object.values(map as Record<string, string>))].sort();
}

/**
 * Streams every tensor of the checkpoint shard by shard, tensor by tensor, into `sink` (never a whole shard in
 * memory). Names are canonicalized with {@link canonicalTensorName}. Returns the set of names seen.
 */
export async function streamWeights(
  files: ModelFiles,
  sink: TensorSink,
  options: { onProgress?: (p: LoadProgress) => void; signal?: AbortSignal } = {},
): Promise<Set<string>> {
  const shards = await listShards(files);
  const blobs: Blob[] = [];
  for (const shard of shards) {
    const blob = await files.get(shard, (loaded, total) =>
      options.onProgress?.({ phase: 'download', file: shard, loaded, total }),
    );
    if (!blob) {
      throw new ModelLoadError(`${files.description}: weight file ${shard} not found.`);
    }
    blobs.push(blob);
  }
  const total = blobs.reduce((a, b) => a + b.size, 0);
  let done = 0;
  const seen = new Set<string>();
  for (let s = 0; s < shards.length; s++) {
    const shard = shards[s] as string;
    const blob = blobs[s] as Blob;
    const where = `${files.description}/${shard}`;
    const n = readHeaderLength(new Uint8Array(await blob.slice(0, 8).arrayBuffer()), where);
    const header = parseSafetensorsHeader(
      new Uint8Array(await blob.slice(8, 8 + n).arrayBuffer()),
      where,
      blob.size,
    );
    done += header.dataOffset;
    const ordered = [...header.tensors.values()].sort((a, b) => a.begin - b.begin);
    for (const info of ordered) {
      options.signal?.throwIfAborted();
      const name = canonicalTensorName(info.name);
      if (seen.has(name)) {
        throw new ModelFormatError(`${where}: tensor "${name}" appears twice in the checkpoint.`);
      }
      seen.add(name);
      const bytes = new Uint8Array(await blob.slice(info.begin, info.end).arrayBuffer());
      await sink({ ...info, name }, bytes);
      done += info.end - info.begin;
      options.onProgress?.({ phase: 'weights', file: shard, loaded: done, total });
    }
  }
  return seen;
}
