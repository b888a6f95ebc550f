import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_PATH_PREFIX } from '../datagen/context.js';
import type { VideoFileProbe } from '../datagen/probe.js';

/** Options of {@link createFsVideoProbe}. */
export interface FsVideoProbeOptions {
  /** The real V1-33K folder (holding `first_part_video/` and `second_part_video/`). */
  datasetRoot: string;
  /** The prefix the records use for that folder. Default: `./V1-33K`. */
  pathPrefix?: string;
  /** Other relative paths resolve from here. Default: `process.cwd()`. */
  cwd?: string;
}

/**
 * A {@link VideoFileProbe} on the file system: record paths starting with `pathPrefix` are looked up under
 * `datasetRoot`, with Python's `os.path.exists` / `os.path.isfile` semantics (a trailing `/` on a file does not
 * exist; directories exist).
 */
export function createFsVideoProbe(options: FsVideoProbeOptions): VideoFileProbe {
  const prefix = (options.pathPrefix ?? DEFAULT_PATH_PREFIX).replace(/\/+$/, '');
  const cwd = options.cwd ?? process.cwd();
  const toReal = (p: string): string => {
    if (p === prefix || p.startsWith(`${prefix}/`)) {
      const rest = p.slice(prefix.length);
      return rest === ''
        ? options.datasetRoot
        : join(options.datasetRoot, rest) + (rest.endsWith('/') ? '/' : '');
    }
    return resolve(cwd, p) + (p.endsWith('/') ? '/' : '');
  };
  return {
    exists: (p) => statSync(toReal(p), { throwIfNoEntry: false }) !== undefined,
    isReadableFile: (p) => {
      const real = toReal(p);
      if (statSync(real, { throwIfNoEntry: false })?.isFile() !== true) {
        return false;
      }
      try {
        accessSync(real, constants.R_OK);
        return true;
      } catch {
        return false;
      }
    },
  };
}
