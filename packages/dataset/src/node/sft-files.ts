import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateSftData, type GeneratedFile, type SeedMode } from '../datagen/generate.js';
import { buildDatasetInfo, serializeDatasetInfo } from '../llamafactory/dataset-info.js';
import { parsePythonJson } from '../python/json-parse.js';
import type { PyInt } from '../random/python-random.js';
import { createFsVideoProbe } from './fs-probe.js';
import { writeFileAtomic } from './write-atomic.js';

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
 * disk like the reference) and writes them plus `dataset_info.json` into `outDir`, each atomically. Nothing is
 * written when generation aborts (`PythonError`), as with the reference.
 */
export async function writeSftFiles(options: WriteSftFilesOptions): Promise<WriteSftFilesResult> {
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
  const datasetInfoPath = join(options.outDir, 'dataset_info.json');
  await writeFileAtomic(
    datasetInfoPath,
    serializeDatasetInfo(buildDatasetInfo(generated.map((f) => f.name))),
  );
  return { files, datasetInfoPath, stdout: generated.map((f) => f.stdout).join('') };
}
