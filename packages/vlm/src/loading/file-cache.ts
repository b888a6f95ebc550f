import { ModelLoadError } from '../errors.js';
import { isNode, nodeFs } from './runtime.js';

/** Reports bytes received for one file. `total` is NaN when the size is unknown. */
export type ByteProgress = (loaded: number, total: number) => void;

/**
 * A persistent store for downloaded model files: a directory in Node, Cache Storage in browsers. Entries are
 * written completely before they become visible (temp file + rename; `cache.put` is atomic).
 */
export interface FileCache {
  /** Where entries live (a directory or the Cache Storage name). */
  readonly location: string;
  /** Returns the cached file, or fetches it with `produce`, stores it and returns it; null when produce says 404. */
  getOrFetch(
    key: string,
    produce: () => Promise<Blob | null>,
    onProgress?: ByteProgress,
  ): Promise<Blob | null>;
}

/** Options of {@link createFileCache}. */
export interface FileCacheOptions {
  /** Node: cache directory. Default: `$NEXTEVENT_CACHE_DIR`, else `~/.cache/nextevent/models`. */
  dir?: string;
  /** Browser: Cache Storage name. Default: `'nextevent-vlm'`. */
  cacheName?: string;
}

/** Copies a blob's stream, reporting progress, into chunks consumed by `write`. */
async function pump(
  blob: Blob,
  write: (chunk: Uint8Array) => Promise<void>,
  onProgress?: ByteProgress,
): Promise<void> {
  const reader = blob.stream().getReader();
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    await write(value);
    loaded += value.byteLength;
    onProgress?.(loaded, blob.size);
  }
}

function safeName(key: string): string {
  return key.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-200);
}

/** Creates the platform's {@link FileCache}: a directory under Node, Cache Storage in a browser, else none. */
export function createFileCache(options: FileCacheOptions = {}): FileCache | undefined {
  if (isNode()) {
    return createDirectoryCache(options.dir);
  }
  if (typeof caches !== 'undefined') {
    return createCacheStorageCache(options.cacheName ?? 'nextevent-vlm');
  }
  return undefined;
}

function createDirectoryCache(dirOption: string | undefined): FileCache {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
  let resolved: string | undefined = dirOption ?? env.NEXTEVENT_CACHE_DIR;
  return {
    get location() {
      return resolved ?? '~/.cache/nextevent/models';
    },
    async getOrFetch(key, produce, onProgress) {
      const { fs, fsp, path, os } = await nodeFs();
      resolved ??= path.join(os.homedir(), '.cache', 'nextevent', 'models');
      const file = path.join(resolved, safeName(key));
      if (fs.existsSync(file)) {
        return fs.openAsBlob(file);
      }
      const blob = await produce();
      if (!blob) {
        return null;
      }
      await fsp.mkdir(resolved, { recursive: true });
      const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
      const handle = await fsp.open(tmp, 'w');
      try {
        await pump(blob, async (chunk) => void (await handle.write(chunk)), onProgress);
        await handle.close();
        await fsp.rename(tmp, file);
      } catch (err) {
        await handle.close().catch(() => undefined);
        await fsp.rm(tmp, { force: true });
        throw new ModelLoadError(`Could not cache ${key} in ${resolved}: ${String(err)}`);
      }
      return fs.openAsBlob(file);
    },
  };
}

function createCacheStorageCache(name: string): FileCache {
  const url = (key: string) => `https://nextevent.invalid/${encodeURIComponent(key)}`;
  return {
    location: `Cache Storage "${name}"`,
    async getOrFetch(key, produce, onProgress) {
      const cache = await caches.open(name);
      const hit = await cache.match(url(key));
      if (hit) {
        return hit.blob();
      }
      const blob = await produce();
      if (!blob) {
        return null;
      }
      let loaded = 0;
      const counted = blob.stream().pipeThrough(
        new TransformStream<Uint8Array, Uint8Array>({
          transform(chunk, controller) {
            loaded += chunk.byteLength;
            onProgress?.(loaded, blob.size);
            controller.enqueue(chunk);
          },
        }),
      );
      const headers = { 'content-length': String(blob.size) };
      await cache.put(url(key), new Response(counted, { headers }));
      const stored = await cache.match(url(key));
      if (!stored) {
        throw new ModelLoadError(`Cache Storage "${name}" did not keep ${key} (quota?).`);
      }
      return stored.blob();
    },
  };
}
