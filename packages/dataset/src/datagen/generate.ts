import { PythonError } from '../python/errors.js';
import { pythonJsonDumps } from '../python/json-dumps.js';
import { PythonRandom, type PyInt } from '../random/python-random.js';
import type { DatagenContext, FormatResult } from './context.js';
import { SFT_FORMATS, getSftFormat, type SftFormatName } from './formats.js';
import type { VideoFileProbe } from './probe.js';

/**
 * How the seed is used. `per-format`: seed the generator with the seed right before each format (each file is
 * then reproducible on its own). `once`: seed once and generate in the reference's `__main__` order, sharing
 * one stream, like running the reference script after `random.seed(seed)`.
 */
export type SeedMode = 'per-format' | 'once';

/** Options of {@link generateSftData}. */
export interface GenerateSftOptions {
  /** Which formats (dataset or reference function names); default: all eight. Generated in `__main__` order whatever the order given here. */
  formats?: readonly string[];
  /** The seed (Python int semantics). */
  seed: PyInt;
  /** Default: `'per-format'`. */
  seedMode?: SeedMode;
  probe: VideoFileProbe;
  /** Default: `./V1-33K`. */
  pathPrefix?: string;
  /** Only for the printed `save` lines. Default: `./LLaMA-Factory/data`. */
  saveDir?: string;
}

/** One generated file. */
export interface GeneratedFile extends FormatResult {
  name: SftFormatName;
  /** The file's exact text: `json.dump(records, f, indent=2)`. */
  text: string;
}

/** Serializes generated records the way the reference does (`json.dump(obj, f, indent=2)`). */
export function serializeSftRecords(records: readonly unknown[]): string {
  return pythonJsonDumps(records, { indent: 2 });
}

/**
 * Generates the reference's SFT files from parsed `next_event_prediction.json` records. Throws
 * `PythonError` where the reference would abort (missing first-part video, missing required field, bad
 * scene key), before returning anything.
 */
export function generateSftData(data: readonly unknown[], options: GenerateSftOptions): GeneratedFile[] {
  if (!Array.isArray(data)) {
    throw new TypeError('data must be an array of records (the parsed next_event_prediction.json).');
  }
  const mode = options.seedMode ?? 'per-format';
  if (mode !== 'per-format' && mode !== 'once') {
    throw new TypeError(
      `options.seedMode, when provided, must be "per-format" or "once", got "${String(mode)}".`,
    );
  }
  const wanted = new Set(
    (options.formats ?? SFT_FORMATS.map((f) => f.name)).map((n) => getSftFormat(n).name),
  );
  const rng = new PythonRandom(options.seed);
  const ctx: DatagenContext = {
    rng,
    probe: options.probe,
    ...(options.pathPrefix === undefined ? {} : { pathPrefix: options.pathPrefix.replace(/(.)\/+$/, '$1') }),
    ...(options.saveDir === undefined ? {} : { saveDir: options.saveDir }),
  };
  const files: GeneratedFile[] = [];
  for (const format of SFT_FORMATS) {
    if (!wanted.has(format.name)) {
      continue;
    }
    if (mode === 'per-format') {
      rng.seed(options.seed);
    }
    let result: FormatResult;
    try {
      delete ctx.recordIndex;
      result = format.generate(data, ctx);
    } catch (e) {
      if (e instanceof PythonError) {
        const index = ctx.recordIndex;
        e.where = {
          function: format.referenceFunction,
          ...(index === undefined ? {} : { recordIndex: index }),
        };
        e.message += ` [${format.referenceFunction}${index === undefined ? '' : `, record ${index}`}]`;
      }
      throw e;
    }
    files.push({ ...result, name: format.name, text: serializeSftRecords(result.records) });
  }
  return files;
}
