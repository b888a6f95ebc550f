import { EncodedPacketSink, type Input, type InputVideoTrack, UnsupportedInputFormatError } from 'mediabunny';
import { raceAbort } from './abort.js';
import {
  CorruptMediaError,
  HttpError,
  NoVideoTrackError,
  UnsupportedCodecError,
  UnsupportedFormatError,
  VideoError,
} from './errors.js';
import { describeSource, openInput, type ReadOptions, type VideoSource } from './source.js';

/** An opened input with its primary video track. Internal. */
export interface OpenedVideo {
  input: Input;
  track: InputVideoTrack;
  /** Mediabunny format name, e.g. `MP4`, `WebM`. */
  formatName: string;
  what: string;
}

/** A Node system error (`ENOENT`, `EACCES`, …): it has a string `code`. */
function isSystemError(err: unknown): err is Error & { code: string } {
  return err instanceof Error && typeof (err as { code?: unknown }).code === 'string';
}

/**
 * A system error (missing file, permissions) is not a media problem: keep its `code` (and `errno`, `syscall`,
 * `path`) so callers can test `err.code === 'ENOENT'`, and name the source in the message.
 */
function readError(err: Error & { code: string }, what: string): Error {
  const wrapped = new Error(`${what}: cannot read the file (${err.message})`, { cause: err });
  const { code, errno, syscall, path } = err as {
    code: string;
    errno?: unknown;
    syscall?: unknown;
    path?: unknown;
  };
  readErrors.add(wrapped);
  return Object.assign(wrapped, { code, errno, syscall, path });
}
/** The errors {@link readError} made (already naming the source). */
const readErrors = new WeakSet<Error>();

/** Wraps a Mediabunny/parse failure into a typed error naming the source; system errors stay as they are. */
export function mediaError(err: unknown, what: string): Error {
  if (err instanceof VideoError || err instanceof TypeError) {
    return err;
  }
  if (isSystemError(err)) {
    return readErrors.has(err) ? err : readError(err, what);
  }
  if (err instanceof UnsupportedInputFormatError) {
    return new UnsupportedFormatError(`${what}: not a media file in a format Mediabunny reads`);
  }
  const msg = err instanceof Error ? err.message : String(err);
  return new CorruptMediaError(`${what}: the file is damaged or truncated (${msg})`, { cause: err });
}

/**
 * Opens `source`, checks that it has a video track with a known codec, and returns the input (dispose it).
 * `options.signal` aborts at once (the input is disposed, pending requests cancelled); `options.httpRetries` bounds
 * the retries of `http(s):` sources.
 *
 * @throws {UnsupportedFormatError} unknown container; {@link CorruptMediaError} empty/damaged; an `Error` with the
 *   system `code` (`ENOENT`, `EACCES`) for a file that cannot be read; {@link HttpError} for a URL that cannot be
 *   fetched; {@link NoVideoTrackError}; {@link UnsupportedCodecError} for a codec Mediabunny doesn't know.
 */
export async function openVideo(source: VideoSource, options: ReadOptions = {}): Promise<OpenedVideo> {
  const { signal } = options;
  signal?.throwIfAborted();
  const what = describeSource(source);
  const input = openInput(source, options);
  const onAbort = (): void => input.dispose();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await raceAbort(checkInput(input, what), signal);
  } catch (err) {
    input.dispose();
    if (signal?.aborted) {
      throw signal.reason;
    }
    throw mediaError(err, what);
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}

async function checkInput(input: Input, what: string): Promise<OpenedVideo> {
  let size: number | null;
  try {
    size = await input.source.getSizeOrNull();
  } catch (err) {
    if (isSystemError(err)) {
      throw readError(err, what); // a missing file or no permission: not a media problem
    }
    if (err instanceof HttpError) {
      throw err; // a 404 is not an empty file
    }
    size = 0; // Mediabunny asserts on a zero-length file before it can report a size.
  }
  if (size === 0) {
    throw new CorruptMediaError(`${what}: the file is empty (0 bytes)`);
  }
  if (!(await input.canRead())) {
    throw new UnsupportedFormatError(`${what}: not a media file in a format Mediabunny reads`);
  }
  const format = await input.getFormat();
  if ((await input.getTracks()).length === 0) {
    throw new CorruptMediaError(`${what}: no tracks (${format.name} index missing: truncated file?)`);
  }
  const track = await input.getPrimaryVideoTrack();
  if (!track) {
    throw new NoVideoTrackError(`${what}: no video track (${format.name})`);
  }
  const codec = await track.getCodec();
  if (codec === null) {
    throw new UnsupportedCodecError(`${what}: the video codec is not one Mediabunny supports`, null);
  }
  return { input, track, formatName: format.name, what };
}

/** Presentation facts of every frame, read from packet metadata (no decoding). */
export interface FrameIndex {
  /** Presentation timestamps (s), ascending, of frames that are shown (end time > 0). */
  timestamps: number[];
  /** Durations (s), aligned with `timestamps`. */
  durations: number[];
  /** Timestamps (s), ascending, of key packets among them. */
  keyframes: number[];
  /** Timestamps (s) of the same frames in decode (file) order. */
  decodeOrder: number[];
}

/**
 * Scans all video packets' metadata (timestamps, durations, key flags) in one pass; memory O(frames). Rejects with
 * the signal's reason as soon as `signal` aborts.
 */
export function indexFrames(opened: OpenedVideo, signal?: AbortSignal): Promise<FrameIndex> {
  return raceAbort(scanFrames(opened, signal), signal);
}

async function scanFrames(opened: OpenedVideo, signal: AbortSignal | undefined): Promise<FrameIndex> {
  const sink = new EncodedPacketSink(opened.track);
  const frames: { t: number; d: number; key: boolean }[] = [];
  try {
    for await (const p of sink.packets(undefined, undefined, { metadataOnly: true })) {
      if (signal?.aborted) {
        break; // the caller has already rejected
      }
      if (p.timestamp + p.duration > 0 || (p.duration === 0 && p.timestamp >= 0)) {
        frames.push({ t: p.timestamp, d: p.duration, key: p.type === 'key' });
      }
    }
  } catch (err) {
    throw mediaError(err, opened.what);
  }
  if (frames.length === 0) {
    throw new CorruptMediaError(`${opened.what}: the video track has no frames`);
  }
  const decodeOrder = frames.map((f) => f.t);
  frames.sort((a, b) => a.t - b.t);
  return {
    decodeOrder,
    timestamps: frames.map((f) => f.t),
    durations: frames.map((f) => f.d),
    keyframes: frames.filter((f) => f.key).map((f) => f.t),
  };
}

/** Reads the last packet's bytes: fails on files whose index promises more data than the file holds. */
export function checkLastPacket(opened: OpenedVideo, signal?: AbortSignal): Promise<void> {
  return raceAbort(checkLast(opened), signal);
}

async function checkLast(opened: OpenedVideo): Promise<void> {
  const sink = new EncodedPacketSink(opened.track);
  try {
    const last = await sink.getPacket(Infinity);
    if (!last || last.data.byteLength < last.byteLength) {
      throw new CorruptMediaError(
        `${opened.what}: the last video packet is missing or cut short (truncated file)`,
      );
    }
    // Containers without a complete packet index (WebM) just look shorter when cut: compare with the duration
    // the header promises.
    const promised = await opened.input.getDurationFromMetadata();
    const found = await opened.input.computeDuration();
    if (promised !== null && promised - found > 1 + 0.05 * promised) {
      throw new CorruptMediaError(
        `${opened.what}: the header promises ${promised} s but the media ends at ${found} s (truncated file)`,
      );
    }
  } catch (err) {
    throw mediaError(err, opened.what);
  }
}
