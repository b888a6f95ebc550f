import {
  ALL_FORMATS,
  BlobSource,
  BufferSource,
  FilePathSource,
  Input,
  ReadableStreamSource,
  Source,
  UrlSource,
} from 'mediabunny';
import { sleep } from './abort.js';
import { HttpError } from './errors.js';

/**
 * Anything a video can be read from.
 *
 * - Browser: `File`/`Blob`, `URL` or URL string (fetched with range requests), `ArrayBuffer`/typed array,
 *   `ReadableStream<Uint8Array>`.
 * - Node: a file path string or `file:` URL (read in ranges, never loaded whole), `Buffer`/`Uint8Array`, a Node
 *   `Readable` or any async iterable of byte chunks, an `http(s):` URL.
 * - A Mediabunny `Source`, used as-is.
 *
 * Streams are read once, front to back; MP4 files whose index (`moov`) is at the end must then be buffered, so
 * prefer paths, Blobs and URLs for large files.
 */
export type VideoSource =
  | string
  | URL
  | Blob
  | ArrayBuffer
  | ArrayBufferView
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>
  | Source;

/** Options every function that reads a {@link VideoSource} takes. */
export interface ReadOptions {
  /**
   * Aborts the operation at any stage (opening, reading the packet index, decoding, writing); it rejects with the
   * signal's reason and pending HTTP requests are cancelled.
   */
  signal?: AbortSignal;
  /**
   * `http(s):` sources: how many times a failed request is retried, with exponential backoff (0.25 s, 0.5 s, 1 s, …,
   * at most 8 s between tries). Network failures and the statuses 408, 429 and 5xx are retried; other error
   * statuses fail at once. When the retries are used up the operation rejects with {@link HttpError}. Also the
   * budget for resuming a response that breaks off. Default: {@link DEFAULT_HTTP_RETRIES} (`2`).
   */
  httpRetries?: number;
}

/** Default of {@link ReadOptions.httpRetries}: a failed request is tried 3 times in all. */
export const DEFAULT_HTTP_RETRIES = 2;

/** Validates the {@link ReadOptions} fields of `options`. */
export function checkReadOptions(options: ReadOptions): void {
  const { signal, httpRetries } = options;
  if (signal !== undefined && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) {
    throw new TypeError('`options.signal`, when provided, must be an AbortSignal.');
  }
  if (
    httpRetries !== undefined &&
    (typeof httpRetries !== 'number' || !Number.isInteger(httpRetries) || httpRetries < 0)
  ) {
    throw new TypeError(
      `\`options.httpRetries\`, when provided, must be an integer >= 0, got ${String(httpRetries)}.`,
    );
  }
}

/** Seconds before retry number `n` (0-based). */
const backoff = (n: number): number => Math.min(0.25 * 2 ** n, 8);

/** Statuses worth retrying: the server may answer differently later. */
const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;

/** The message of a failed `fetch` (Node's `fetch failed` hides the reason in `cause`). */
function fetchFailure(err: unknown): string {
  const cause = err instanceof Error ? err.cause : undefined;
  const msg = err instanceof Error ? err.message : 'fetch failed';
  return cause instanceof Error ? `${msg}: ${cause.message}` : msg;
}

/**
 * `fetch` that turns an error status into {@link HttpError} and retries failures `retries` times itself (quietly;
 * Mediabunny's own retry loop would never give up and logs every try).
 */
function fetchWithRetries(retries: number): typeof fetch {
  return async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    for (let attempt = 0; ; attempt++) {
      let error: HttpError;
      try {
        const res = await fetch(input, init);
        if (res.ok) {
          return res;
        }
        void res.body?.cancel().catch(() => undefined);
        const text = res.statusText ? ` ${res.statusText}` : '';
        error = new HttpError(`${url}: the server answered HTTP ${res.status}${text}`, url, res.status);
        if (!retryableStatus(res.status)) {
          throw error;
        }
      } catch (err) {
        if (err instanceof HttpError || init?.signal?.aborted) {
          throw err;
        }
        error = new HttpError(`${url}: the request failed (${fetchFailure(err)})`, url, null, { cause: err });
      }
      if (attempt >= retries) {
        throw error;
      }
      await sleep(1000 * backoff(attempt), init?.signal);
    }
  };
}

/** A Mediabunny `UrlSource` with a bounded, quiet retry policy and typed HTTP errors. */
function urlSource(url: string | URL, retries: number): UrlSource {
  let resumes = 0;
  return new UrlSource(url, {
    fetchFn: fetchWithRetries(retries),
    // Called by Mediabunny for a failed fetch (already retried above: give up) and for a response that breaks off
    // mid-stream (resume, within the same budget).
    getRetryDelay: (_attempts, error) =>
      error instanceof HttpError || resumes >= retries ? null : backoff(resumes++),
    // A failed prefetch (no read waiting for it) must not become an unhandled rejection in the caller's process: a
    // read that needs those bytes requests them again and fails then.
    handleUnhandledError: () => undefined,
  });
}

/** True in Node (and Bun/Deno's Node mode), where path strings are files. */
export const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node === 'string';

function iterableToStream(it: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const iterator = it[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next: IteratorResult<Uint8Array> = await iterator.next();
      if (next.done) {
        controller.close();
      } else {
        // Node Buffers are Uint8Arrays; copy nothing.
        controller.enqueue(next.value);
      }
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}

/** A `file:` URL's path (percent-decoded), or null. */
function filePath(url: URL): string | null {
  return url.protocol === 'file:' ? decodeURIComponent(url.pathname) : null;
}

/** Builds the Mediabunny `Source` for a {@link VideoSource}. */
export function toMediabunnySource(source: VideoSource, options: ReadOptions = {}): Source {
  const retries = options.httpRetries ?? DEFAULT_HTTP_RETRIES;
  if (source instanceof Source) {
    return source;
  }
  if (typeof source === 'string') {
    if (/^(https?|blob|data):/i.test(source) || !isNode()) {
      return urlSource(source, retries);
    }
    if (source.startsWith('file:')) {
      return new FilePathSource(filePath(new URL(source)) ?? source);
    }
    return new FilePathSource(source);
  }
  if (source instanceof URL) {
    const path = filePath(source);
    return path !== null && isNode() ? new FilePathSource(path) : urlSource(source, retries);
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return new BlobSource(source);
  }
  if (source instanceof ArrayBuffer) {
    return new BufferSource(source);
  }
  if (ArrayBuffer.isView(source)) {
    const bytes = new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
    return new BufferSource(bytes);
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return new ReadableStreamSource(source);
  }
  if (typeof source === 'object' && source !== null && Symbol.asyncIterator in source) {
    return new ReadableStreamSource(iterableToStream(source));
  }
  throw new TypeError(
    '`source` must be a path or URL string, URL, Blob/File, ArrayBuffer, typed array, ReadableStream, async ' +
      'iterable of Uint8Array chunks or a Mediabunny Source.',
  );
}

/** Opens a Mediabunny `Input` over every format Mediabunny reads. The caller disposes it. */
export function openInput(source: VideoSource, options: ReadOptions = {}): Input {
  return new Input({ source: toMediabunnySource(source, options), formats: ALL_FORMATS });
}

/** A short description of the source for error messages. */
export function describeSource(source: VideoSource): string {
  if (typeof source === 'string') {
    return source.length > 200 ? `${source.slice(0, 200)}…` : source;
  }
  if (source instanceof URL) {
    return source.href;
  }
  if (typeof File !== 'undefined' && source instanceof File) {
    return `File "${source.name}"`;
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    return `Blob (${source.size} bytes)`;
  }
  if (source instanceof ArrayBuffer || ArrayBuffer.isView(source)) {
    return `buffer (${source.byteLength} bytes)`;
  }
  return 'stream';
}
