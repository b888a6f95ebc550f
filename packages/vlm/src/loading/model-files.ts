import { downloadFile } from '@huggingface/hub';
import { ModelLoadError } from '../errors.js';
import { createFileCache, type ByteProgress, type FileCache, type FileCacheOptions } from './file-cache.js';
import { isNode, nodeFs } from './runtime.js';

/** Where the files of one checkpoint come from. Files are returned as Blobs, read lazily with `slice()`. */
export interface ModelFiles {
  /** The directory, URL or repo id, for messages. */
  readonly description: string;
  /** Returns the named file, or null when it does not exist. Large files are read lazily (no 2 GB buffers). */
  get(name: string, onProgress?: ByteProgress): Promise<Blob | null>;
}

/** Options shared by the remote sources. */
export interface RemoteOptions extends FileCacheOptions {
  /** Cache downloads (Node: a directory, browser: Cache Storage). Default: true. */
  cache?: boolean;
  /** Custom fetch (proxies, tests). Default: `globalThis.fetch`. */
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/** Options of {@link hubFiles}. */
export interface HubOptions extends RemoteOptions {
  /** Branch, tag or commit. Default: `'main'`. */
  revision?: string;
  /** Hub endpoint. Default: `https://huggingface.co`. */
  hubUrl?: string;
  /** Token for gated or private repos. */
  accessToken?: string;
}

/** Files in a local directory (Node only), read through `fs.openAsBlob` so nothing is loaded eagerly. */
export function localFiles(dir: string): ModelFiles {
  return {
    description: dir,
    async get(name) {
      if (!isNode()) {
        throw new ModelLoadError(`Local directories can only be read in Node; got "${dir}".`);
      }
      const { fs, path } = await nodeFs();
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) {
        return null;
      }
      return fs.openAsBlob(file);
    },
  };
}

function withCache(
  cache: FileCache | undefined,
  key: string,
  produce: () => Promise<Blob | null>,
  onProgress?: ByteProgress,
): Promise<Blob | null> {
  return cache ? cache.getOrFetch(key, produce, onProgress) : produce();
}

/**
 * Files under a base URL (`<base>/config.json`, …), fetched with `fetch` and cached. Works in browsers and Node;
 * relative URLs resolve against `location.href` in a browser.
 */
export function urlFiles(baseUrl: string, options: RemoteOptions = {}): ModelFiles {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const cache = options.cache === false ? undefined : createFileCache(options);
  const origin = (globalThis as { location?: { href?: string } }).location?.href;
  const absolute = (name: string) => new URL(name, origin ? new URL(base, origin) : base).href;
  return {
    description: baseUrl,
    get(name, onProgress) {
      const url = absolute(name);
      return withCache(
        cache,
        url,
        async () => {
          const res = await doFetch(url, options.signal ? { signal: options.signal } : {});
          if (res.status === 404) {
            return null;
          }
          if (!res.ok) {
            throw new ModelLoadError(`GET ${url} failed: HTTP ${res.status} ${res.statusText}.`);
          }
          return res.blob();
        },
        onProgress,
      );
    },
  };
}

/**
 * Files of a Hugging Face Hub repo (`"Qwen/Qwen2.5-VL-3B-Instruct"`), downloaded with `@huggingface/hub` and
 * cached (a directory in Node, Cache Storage in browsers).
 */
export function hubFiles(repo: string, options: HubOptions = {}): ModelFiles {
  const revision = options.revision ?? 'main';
  const cache = options.cache === false ? undefined : createFileCache(options);
  return {
    description: `hf://${repo}@${revision}`,
    get(name, onProgress) {
      return withCache(
        cache,
        `hf--${repo}--${revision}--${name}`,
        async () => {
          try {
            return await downloadFile({
              repo: { type: 'model', name: repo },
              path: name,
              revision,
              ...(options.hubUrl !== undefined ? { hubUrl: options.hubUrl } : {}),
              ...(options.fetch !== undefined ? { fetch: options.fetch } : {}),
              ...(options.accessToken !== undefined ? { accessToken: options.accessToken } : {}),
            });
          } catch (err) {
            throw new ModelLoadError(`Downloading ${name} from ${repo}@${revision} failed: ${String(err)}`);
          }
        },
        onProgress,
      );
    },
  };
}

/** A model source: a local directory (Node), an http(s) or relative URL, a Hub repo id, or custom files. */
export type ModelSource = string | URL | ModelFiles;

const REPO_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/**
 * Resolves a {@link ModelSource}: `http(s)://…` and `URL`s are URLs; in Node an existing path is a directory;
 * `owner/name` is a Hub repo; in a browser any other string is a URL relative to the page.
 */
export async function resolveModelFiles(source: ModelSource, options: HubOptions = {}): Promise<ModelFiles> {
  if (typeof source === 'object' && !(source instanceof URL)) {
    return source;
  }
  const s = source instanceof URL ? source.href : source;
  if (/^https?:\/\//.test(s) || source instanceof URL) {
    return urlFiles(s, options);
  }
  if (isNode()) {
    const { fs } = await nodeFs();
    if (fs.existsSync(s)) {
      return localFiles(s);
    }
    if (REPO_ID.test(s) && !s.startsWith('.')) {
      return hubFiles(s, options);
    }
    throw new ModelLoadError(
      `"${s}" is neither an existing directory, an http(s) URL nor a Hub repo id (owner/name).`,
    );
  }
  if (REPO_ID.test(s) && !s.startsWith('.')) {
    return hubFiles(s, options);
  }
  return urlFiles(s, options);
}
