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
export function toMediabunnySource(source: VideoSource): Source {
  if (source instanceof Source) {
    return source;
  }
  if (typeof source === 'string') {
    if (/^(https?|blob|data):/i.test(source) || !isNode()) {
      return new UrlSource(source);
    }
    if (source.startsWith('file:')) {
      return new FilePathSource(filePath(new URL(source)) ?? source);
    }
    return new FilePathSource(source);
  }
  if (source instanceof URL) {
    const path = filePath(source);
    return path !== null && isNode() ? new FilePathSource(path) : new UrlSource(source);
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
  if (typeof source === 'object' && Symbol.asyncIterator in source) {
    return new ReadableStreamSource(iterableToStream(source));
  }
  throw new TypeError(
    '`source` must be a path or URL string, URL, Blob/File, ArrayBuffer, typed array, ReadableStream, async ' +
      'iterable of Uint8Array chunks or a Mediabunny Source.',
  );
}

/** Opens a Mediabunny `Input` over every format Mediabunny reads. The caller disposes it. */
export function openInput(source: VideoSource): Input {
  return new Input({ source: toMediabunnySource(source), formats: ALL_FORMATS });
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
