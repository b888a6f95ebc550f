import { BufferTarget, FilePathTarget, type Target } from 'mediabunny';

/**
 * Where one split half goes: a file path (Node; written to `<path>.<random>.partial` and renamed into place only
 * when complete) or memory.
 */
export interface PendingOutput {
  target: Target;
  /** True for a memory buffer (then MP4 can put its index first cheaply). */
  inMemory: boolean;
  /** Publishes the finished file (rename) and returns its path, or the bytes for in-memory outputs. */
  commit(): Promise<{ path: string | null; data: Uint8Array<ArrayBuffer> | null }>;
  /** Removes whatever was written. Never throws. */
  discard(): Promise<void>;
  /**
   * Removes the folders `createOutput` created for this output, innermost first, as long as they are empty (call it
   * after every output of the operation was discarded). Never throws.
   */
  removeCreatedFolders(): Promise<void>;
}

/** The two `node:fs/promises` functions used here (typed locally so the package needs no Node types). */
interface Fs {
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: boolean }): Promise<void>;
  rmdir(path: string): Promise<void>;
  mkdir(path: string, options: { recursive: boolean }): Promise<string | undefined>;
}
const FS_MODULE = 'node:fs/promises';
/** Loads node:fs lazily so the module stays importable in browsers (only path outputs need it). */
const loadFs = (): Promise<Fs> => import(/* @vite-ignore */ FS_MODULE) as Promise<Fs>;

/** Creates the target for one output. */
export async function createOutput(path: string | null): Promise<PendingOutput> {
  if (path === null) {
    const target = new BufferTarget();
    return {
      target,
      inMemory: true,
      commit: () => {
        const buf = target.buffer;
        return Promise.resolve({ path: null, data: buf ? new Uint8Array(buf) : new Uint8Array(0) });
      },
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
  const created = parent === null ? undefined : await fs.mkdir(parent, { recursive: true });
  const tmp = `${path}.${Math.random().toString(36).slice(2, 10)}.partial`;
  return {
    target: new FilePathTarget(tmp),
    inMemory: false,
    async commit() {
      await fs.rename(tmp, path);
      return { path, data: null };
    },
    async discard() {
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

/** Deletes a committed file (used when a post-write check fails). Never throws. */
export async function removeFile(path: string): Promise<void> {
  const fs = await loadFs();
  await fs.rm(path, { force: true }).catch(() => undefined);
}
