import { BufferTarget, StreamTarget, type StreamTargetChunk, type Target } from 'mediabunny';
import { OutputError } from './errors.js';

/**
 * Where one split half goes: a file path (Node; written to `<path>.<random>.partial`, published by
 * {@link commitOutputs} only when every half is complete and verified) or memory.
 */
export interface PendingOutput {
  /** The Mediabunny target, created on first access (a file is opened only when its half is written). */
  readonly target: Target;
  /** True for a memory buffer (then MP4 can put its index first cheaply). */
  readonly inMemory: boolean;
  /** The output path as given, or null in memory. */
  readonly path: string | null;
  /** The finished, unpublished half: the `.partial` file, or the bytes (in memory). */
  written(): { path: string | null; data: Uint8Array<ArrayBuffer> | null };
  /** Closes the `.partial` file if it is open. Never throws. */
  close(): Promise<void>;
  /** Closes and removes whatever was written. Never throws. */
  discard(): Promise<void>;
  /**
   * Removes the folders `createOutput` created for this output, innermost first, as long as they are empty (call it
   * after every output of the operation was discarded). Never throws.
   */
  removeCreatedFolders(): Promise<void>;
}

/** The part of a `node:fs/promises` `FileHandle` used here. */
interface FileHandle {
  write(data: Uint8Array, offset: number, length: number, position: number): Promise<unknown>;
  close(): Promise<void>;
}
/** A `node:fs` `Stats`, reduced. */
interface Stats {
  isDirectory(): boolean;
}
/** The `node:fs/promises` functions used here (typed locally so the package needs no Node types). */
interface Fs {
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  link(existing: string, path: string): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  rmdir(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: boolean }): Promise<string | undefined>;
  stat(path: string): Promise<Stats>;
  access(path: string, mode: number): Promise<void>;
}
/** The `node:path` functions used here. */
interface Path {
  resolve(...paths: string[]): string;
  dirname(path: string): string;
}
const FS_MODULE = 'node:fs/promises';
const PATH_MODULE = 'node:path';
/** Loads node:fs lazily so the module stays importable in browsers (only path outputs need it). */
const loadFs = (): Promise<Fs> => import(/* @vite-ignore */ FS_MODULE) as Promise<Fs>;
const loadPath = (): Promise<Path> => import(/* @vite-ignore */ PATH_MODULE) as Promise<Path>;
/** `fs.constants.W_OK`. */
const W_OK = 2;

/** The system error code of `err`, or null. */
function errorCode(err: unknown): string | null {
  const code = err instanceof Error ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/** Wraps a system error met while writing `path` (keeps its `code`; the error is the cause). */
function outputError(err: unknown, path: string, doing: string): OutputError {
  if (err instanceof OutputError) {
    return err;
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new OutputError(`cannot ${doing} ${path} (${msg})`, path, errorCode(err), { cause: err });
}

const randomSuffix = (): string => Math.random().toString(36).slice(2, 10);

/**
 * Checks the two output paths before any work: different files after normalisation (and not the source), neither
 * is a folder, and the nearest existing folder above each is a folder we may write into.
 *
 * @throws {TypeError} the same file twice, or the source itself; {@link OutputError} a path that cannot be written.
 */
export async function checkOutputPaths(
  output: { past: string; future: string },
  sourcePath: string | null,
): Promise<void> {
  const [fs, path] = await Promise.all([loadFs(), loadPath()]);
  const past = path.resolve(output.past);
  const future = path.resolve(output.future);
  if (past === future) {
    throw new TypeError(
      `\`options.output.past\` and \`options.output.future\` must be two different files, got '${output.past}' ` +
        `and '${output.future}' (both ${past}).`,
    );
  }
  if (sourcePath !== null && [past, future].includes(path.resolve(sourcePath))) {
    throw new TypeError(`\`options.output\` must not name the source file (${sourcePath}).`);
  }
  const statOrNull = (p: string, shown: string): Promise<Stats | null> =>
    fs.stat(p).catch((err: unknown) => {
      if (errorCode(err) === 'ENOENT') {
        return null;
      }
      throw outputError(err, shown, 'write to');
    });
  for (const [name, given] of [
    ['past', output.past],
    ['future', output.future],
  ] as const) {
    const target = await statOrNull(given, given);
    if (target?.isDirectory()) {
      throw new OutputError(`\`options.output.${name}\` is a folder: ${given}`, given, 'EISDIR');
    }
    // The nearest existing ancestor must be a folder we can create files (or the missing folders) in.
    for (let dir = path.dirname(path.resolve(given)); ;) {
      const st = await statOrNull(dir, given);
      if (st !== null) {
        if (!st.isDirectory()) {
          throw new OutputError(
            `\`options.output.${name}\` cannot be created: ${dir} is not a folder (${given})`,
            given,
            'ENOTDIR',
          );
        }
        await fs.access(dir, W_OK).catch((err: unknown) => {
          throw outputError(err, given, `write in ${dir} for`);
        });
        break;
      }
      const up = path.dirname(dir);
      if (up === dir) {
        break;
      }
      dir = up;
    }
  }
}

/** Creates the pending output for one half (the folders a file path needs are created now). */
export async function createOutput(path: string | null): Promise<PendingOutput> {
  if (path === null) {
    const target = new BufferTarget();
    const data = (): Uint8Array<ArrayBuffer> =>
      target.buffer ? new Uint8Array(target.buffer) : new Uint8Array(0);
    return {
      target,
      inMemory: true,
      path: null,
      written: () => ({ path: null, data: data() }),
      close: () => Promise.resolve(),
      discard: () => Promise.resolve(),
      removeCreatedFolders: () => Promise.resolve(),
    };
  }
  const fs = await loadFs();
  const parentOf = (p: string): string | null => {
    const slash = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
    return slash > 0 ? p.slice(0, slash).replace(/[\\/]+$/, '') || null : null;
  };
  const parent = parentOf(path);
  // The output folder may not exist yet; `mkdir` returns the outermost folder it created (undefined: none).
  const created =
    parent === null
      ? undefined
      : await fs.mkdir(parent, { recursive: true }).catch((err: unknown) => {
          throw outputError(err, path, 'create the folder of');
        });
  const tmp = `${path}.${randomSuffix()}.partial`;

  // The file handle is ours (not hidden in a Mediabunny FilePathTarget), so every path can close it.
  let opening: Promise<FileHandle> | null = null;
  let closed = false;
  const open = (): Promise<FileHandle> =>
    (opening ??= fs.open(tmp, 'w').catch((err: unknown) => {
      throw outputError(err, path, 'write');
    }));
  const close = async (): Promise<void> => {
    if (opening === null || closed) {
      return;
    }
    closed = true;
    const handle = await opening.catch(() => null);
    await handle?.close().catch(() => undefined);
  };
  let target: Target | null = null;
  const makeTarget = (): Target => {
    const writable = new WritableStream<StreamTargetChunk>({
      start: async () => {
        await open();
      },
      write: async (chunk) => {
        if (closed) {
          throw new OutputError(`${path}: written after it was closed`, path, null);
        }
        const handle = await open();
        await handle.write(chunk.data, 0, chunk.data.byteLength, chunk.position).catch((err: unknown) => {
          throw outputError(err, path, 'write');
        });
      },
      close,
      abort: close,
    });
    return new StreamTarget(writable, { chunked: true });
  };
  return {
    get target() {
      return (target ??= makeTarget());
    },
    inMemory: false,
    path,
    written: () => ({ path: tmp, data: null }),
    close,
    async discard() {
      await close();
      await fs.rm(tmp, { force: true }).catch(() => undefined);
    },
    async removeCreatedFolders() {
      if (created === undefined) {
        return;
      }
      // From the file's folder up to the outermost one mkdir created; rmdir refuses a folder that is not empty.
      for (let dir = parent; dir !== null && dir.length >= created.length; dir = parentOf(dir)) {
        try {
          await fs.rmdir(dir);
        } catch {
          return;
        }
      }
    },
  };
}

/**
 * Publishes finished outputs together: each `.partial` file is renamed onto its path. A file already at a path is
 * kept aside (hard link, else a copy) until every output is in place; if any step fails, the outputs already placed
 * are removed, the previous files restored, and the error ({@link OutputError}) thrown. In-memory outputs return
 * their bytes.
 */
export async function commitOutputs(
  outputs: PendingOutput[],
): Promise<{ path: string | null; data: Uint8Array<ArrayBuffer> | null }[]> {
  const files = outputs.filter((o) => o.path !== null);
  if (files.length > 0) {
    const fs = await loadFs();
    const kept: { path: string; backup: string }[] = [];
    const placed: string[] = [];
    try {
      for (const o of files) {
        await o.close();
        const path = o.path ?? '';
        const backup = `${path}.${randomSuffix()}.previous`;
        try {
          await fs.link(path, backup).catch(async (err: unknown) => {
            if (errorCode(err) === 'ENOENT') {
              throw err;
            }
            await fs.copyFile(path, backup);
          });
          kept.push({ path, backup });
        } catch (err) {
          if (errorCode(err) !== 'ENOENT') {
            throw outputError(err, path, 'keep the previous');
          }
        }
        const from = o.written().path ?? '';
        await fs.rename(from, path).catch((err: unknown) => {
          throw outputError(err, path, 'write');
        });
        placed.push(path);
      }
    } catch (err) {
      for (const path of placed) {
        const previous = kept.find((k) => k.path === path);
        // A kept previous file goes back over the new one (one rename); else the new file goes.
        await (previous ? fs.rename(previous.backup, path) : fs.rm(path, { force: true })).catch(
          () => undefined,
        );
      }
      // Previous files not replaced yet are still in place: their link (or copy) goes.
      for (const { path, backup } of kept) {
        if (!placed.includes(path)) {
          await fs.rm(backup, { force: true }).catch(() => undefined);
        }
      }
      throw err;
    }
    for (const { backup } of kept) {
      await fs.rm(backup, { force: true }).catch(() => undefined);
    }
  }
  return outputs.map((o) => (o.path === null ? o.written() : { path: o.path, data: null }));
}
