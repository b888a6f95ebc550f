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

/** A tensor the checkpoint must (or, with `optional`, may) hold, with the shape its config implies. */
export interface TensorExpectation {
  name: string;
  shape: readonly number[];
  /** Present or not, but checked for `shape` when present. Default: false. */
  optional?: boolean;
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

const shapeText = (shape: readonly number[]) => `[${shape.join(', ')}]`;

/**
 * Streams every tensor of the checkpoint shard by shard, tensor by tensor, into `sink` (never a whole shard in
 * memory). Names are canonicalized with {@link canonicalTensorName}. Returns the set of names seen.
 *
 * With `expected` (e.g. from `expectedTensors(config)`), each listed tensor's shape is checked before it reaches
 * `sink`, and the tensors still missing at the end are reported: both as a {@link ModelFormatError} that names the
 * tensor, the shapes and the checkpoint file (or directory). Tensors not listed are passed through unchecked.
 */
export async function streamWeights(
  files: ModelFiles,
  sink: TensorSink,
  options: {
    onProgress?: (p: LoadProgress) => void;
    signal?: AbortSignal;
    expected?: readonly TensorExpectation[];
  } = {},
): Promise<Set<string>> {
  const expected = new Map((options.expected ?? []).map((t) => [t.name, t]));
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
      const want = expected.get(name);
      if (
        want &&
        (want.shape.length !== info.shape.length || want.shape.some((d, i) => d !== info.shape[i]))
      ) {
        throw new ModelFormatError(
          `${where}: tensor "${name}" has shape ${shapeText(info.shape)}, but config.json implies ${shapeText(want.shape)}.`,
        );
      }
      const bytes = new Uint8Array(await blob.slice(info.begin, info.end).arrayBuffer());
      await sink({ ...info, name }, bytes);
      done += info.end - info.begin;
      options.onProgress?.({ phase: 'weights', file: shard, loaded: done, total });
    }
  }
  const missing = [...expected.values()].filter((t) => !t.optional && !seen.has(t.name));
  if (missing.length > 0) {
    const first = missing[0] as TensorExpectation;
    const more =
      missing.length > 1
        ? ` (and ${missing.length - 1} more: ${missing
            .slice(1, 4)
            .map((t) => `"${t.name}"`)
            .join(', ')}${missing.length > 4 ? ', …' : ''})`
        : '';
    throw new ModelFormatError(
      `${files.description}: the checkpoint (${shards.join(', ')}) has no tensor "${first.name}" ${shapeText(first.shape)}${more}.`,
    );
  }
  return seen;
}
