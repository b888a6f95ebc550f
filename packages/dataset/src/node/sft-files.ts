import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSftData, type GeneratedFile, type SeedMode } from '../datagen/generate.js';
import { buildDatasetInfo, mergeDatasetInfo, serializeDatasetInfo } from '../llamafactory/dataset-info.js';
import { parsePythonJson } from '../python/json-parse.js';
import { isJsonObject } from '../python/json-value.js';
import type { PyInt } from '../random/python-random.js';
import { createFsVideoProbe } from './fs-probe.js';
import { writeFileAtomic } from './write-atomic.js';

/**
 * The `dataset_info.json` already in the output folder cannot be merged into: it is not valid JSON or not a
 * JSON object. Nothing was written.
 */
export class DatasetInfoFileError extends Error {
  override name = 'DatasetInfoFileError';
  constructor(
    /** The file that could not be read. */
    readonly path: string,
    /** What is wrong with it. */
    readonly detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${path}: cannot merge into this dataset_info.json: ${detail}; nothing was written`, options);
  }
}

/** Reads the existing `dataset_info.json` to merge into; `{}` when there is none. */
async function readExistingDatasetInfo(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return {};
    }
    throw new DatasetInfoFileError(path, e instanceof Error ? e.message : String(e), { cause: e });
  }
  let info: unknown;
  try {
    info = parsePythonJson(text);
  } catch (e) {
    throw new DatasetInfoFileError(path, `not valid JSON (${e instanceof Error ? e.message : String(e)})`, {
      cause: e,
    });
  }
  if (!isJsonObject(info)) {
    throw new DatasetInfoFileError(path, 'the top level is not a JSON object');
  }
  return info;
}

/** Options of {@link writeSftFiles}. */
export interface WriteSftFilesOptions {
  /** The V1-33K folder: `next_event_prediction.json`, `first_part_video/`, `second_part_video/`. */
  datasetRoot: string;
  /** Output folder (the reference writes to `./LLaMA-Factory/data`). */
  outDir: string;
  /** Dataset or reference function names; default all eight. */
  formats?: readonly string[];
  seed: PyInt;
  /** Default: `per-format`. */
  seedMode?: SeedMode;
  /** Prefix of the video paths written into the records. Default: `./V1-33K`. */
  pathPrefix?: string;
}

/** What {@link writeSftFiles} wrote. */
export interface WriteSftFilesResult {
  files: (GeneratedFile & { path: string })[];
  datasetInfoPath: string;
  /** What the reference would have printed (its `save … to …` lines name `outDir`). */
  stdout: string;
}

/**
 * Reads `<datasetRoot>/next_event_prediction.json`, generates the reference's SFT files (checking videos on
 * disk like the reference) and writes them plus `dataset_info.json` into `outDir`, each atomically (a
 * temporary sibling, then a rename). Nothing is written when generation aborts (`PythonError`), as with the
 * reference.
 *
 * An existing `<outDir>/dataset_info.json` (LLaMA-Factory's stock file when `outDir` is
 * `LLaMA-Factory/data`) is merged into with {@link mergeDatasetInfo}: the generated entries replace
 * same-named ones in place, other entries are kept, new entries are appended. When that file is not a valid
 * JSON object, {@link DatasetInfoFileError} is thrown before anything is written.
 */
export async function writeSftFiles(options: WriteSftFilesOptions): Promise<WriteSftFilesResult> {
  const datasetInfoPath = join(options.outDir, 'dataset_info.json');
  const existingInfo = await readExistingDatasetInfo(datasetInfoPath);
  const text = await readFile(join(options.datasetRoot, 'next_event_prediction.json'), 'utf8');
  const data = parsePythonJson(text);
  if (!Array.isArray(data)) {
    throw new TypeError(`${join(options.datasetRoot, 'next_event_prediction.json')} must hold a JSON array.`);
  }
  const probe = createFsVideoProbe({
    datasetRoot: options.datasetRoot,
    ...(options.pathPrefix === undefined ? {} : { pathPrefix: options.pathPrefix }),
  });
  const generated = generateSftData(data, {
    seed: options.seed,
    probe,
    saveDir: options.outDir,
    ...(options.formats === undefined ? {} : { formats: options.formats }),
    ...(options.seedMode === undefined ? {} : { seedMode: options.seedMode }),
    ...(options.pathPrefix === undefined ? {} : { pathPrefix: options.pathPrefix }),
  });
  const files = [];
  for (const file of generated) {
    const path = join(options.outDir, file.fileName);
    await writeFileAtomic(path, file.text);
    files.push({ ...file, path });
  }
  await writeFileAtomic(
    datasetInfoPath,
    serializeDatasetInfo(mergeDatasetInfo(existingInfo, buildDatasetInfo(generated.map((f) => f.name)))),
  );
  return { files, datasetInfoPath, stdout: generated.map((f) => f.stdout).join('') };
}
