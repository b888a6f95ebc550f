/**
 * Every error @nextevent/video throws on purpose. Bad arguments are `TypeError`s (or `RangeError`s for numbers out
 * of range); the classes below are domain states a caller can handle.
 */

/** Base class of the package's domain errors. */
export class VideoError extends Error {
  override name = 'VideoError';
}

/**
 * A qwen-vl-utils planning error. `pythonType` is the exception class qwen-vl-utils raises for the same input
 * (`ValueError`, `ZeroDivisionError` or `AssertionError`) and `message` is its exact message.
 */
export class QwenSamplingError extends VideoError {
  override name = 'QwenSamplingError';
  /** The Python exception class qwen-vl-utils raises here. */
  readonly pythonType: 'ValueError' | 'ZeroDivisionError' | 'AssertionError';
  constructor(pythonType: QwenSamplingError['pythonType'], message: string) {
    super(message);
    this.pythonType = pythonType;
  }
}

/** The file is not a media file mediabunny can read (unknown container, or no bytes at all). */
export class UnsupportedFormatError extends VideoError {
  override name = 'UnsupportedFormatError';
}

/** The file has no video track (e.g. audio only). */
export class NoVideoTrackError extends VideoError {
  override name = 'NoVideoTrackError';
}

/** The file is damaged or truncated: the container parses partly, or packets are missing. */
export class CorruptMediaError extends VideoError {
  override name = 'CorruptMediaError';
}

/**
 * The codec cannot be decoded (or encoded) here: no WebCodecs support for it in this browser, or no decoder in
 * Node without `@mediabunny/server`. `codec` is the codec string that was refused.
 */
export class UnsupportedCodecError extends VideoError {
  override name = 'UnsupportedCodecError';
  /** The codec (mediabunny codec name or WebCodecs codec string), or null when unknown. */
  readonly codec: string | null;
  constructor(message: string, codec: string | null) {
    super(message);
    this.codec = codec;
  }
}

/**
 * A split point outside the video (`at` must satisfy `start < at < end`, seconds of presentation time), or one
 * where the keyframe policy finds no keyframe to cut at (the message says which).
 */
export class SplitOutOfRangeError extends VideoError {
  override name = 'SplitOutOfRangeError';
  /** The requested cut (seconds). */
  readonly at: number;
  /** The range the cut must fall strictly inside: first frame timestamp and end of the last frame (seconds). */
  readonly range: readonly [number, number];
  constructor(at: number, range: readonly [number, number], detail?: string) {
    super(
      detail
        ? `cannot split at at=${at} s (the video spans ${range[0]}–${range[1]} s): ${detail}`
        : `split point at=${at} s is outside the video: it must be strictly between ${range[0]} s and ${range[1]} s`,
    );
    this.at = at;
    this.range = range;
  }
}

/**
 * A frame-exact operation needs a video decoder and encoder and none is available: no WebCodecs `VideoDecoder`/
 * `VideoEncoder` (browser) and `@mediabunny/server` not installed (Node).
 */
export class CodecUnavailableError extends VideoError {
  override name = 'CodecUnavailableError';
}

/**
 * A split produced outputs that break its invariants (a frame lost, duplicated or on the wrong side of the cut).
 * The outputs are deleted before this is thrown. Seeing it means a bug or a file Mediabunny can't cut cleanly.
 */
export class SplitIntegrityError extends VideoError {
  override name = 'SplitIntegrityError';
}

/**
 * An `http(s):` source could not be fetched: the server answered with an error status (`status`, e.g. 404), or the
 * request failed without an answer (`status` null: connection refused, DNS, TLS; the cause is kept). Network
 * failures, 408, 429 and 5xx are retried first (`httpRetries`); other statuses are not.
 */
export class HttpError extends VideoError {
  override name = 'HttpError';
  /** The URL that failed. */
  readonly url: string;
  /** The HTTP status the server answered with, or null when no answer came. */
  readonly status: number | null;
  constructor(message: string, url: string, status: number | null, options?: ErrorOptions) {
    super(message, options);
    this.url = url;
    this.status = status;
  }
}

/**
 * A split's output path cannot be written: it is a folder, its parent is a file, no permission, the disk is full…
 * `path` is the output path and `code` the system error code (`EISDIR`, `ENOTDIR`, `EACCES`, `ENOSPC`, …) when
 * there is one; the system error is the `cause`. The user's previous files at the output paths are left as they
 * were.
 */
export class OutputError extends VideoError {
  override name = 'OutputError';
  /** The output path (as given). */
  readonly path: string;
  /** The system error code, or null. */
  readonly code: string | null;
  constructor(message: string, path: string, code: string | null, options?: ErrorOptions) {
    super(message, options);
    this.path = path;
    this.code = code;
  }
}
