/** Errors of the eval command, named so the final report can say exactly what went wrong and where. */

/** Why one model request failed. */
export type RequestFailureKind = 'http' | 'timeout' | 'network' | 'bad-response';

/** One model request failed. `retryable` says whether trying again can help (429, 5xx, timeouts, resets). */
export class RequestError extends Error {
  override name = 'RequestError';
  readonly kind: RequestFailureKind;
  readonly retryable: boolean;
  /** HTTP status, when the server answered. */
  readonly status: number | undefined;
  /** Server-requested wait before retrying (from `Retry-After`), in ms. */
  readonly retryAfterMs: number | undefined;
  /** True when no other request can succeed either (bad key, unknown model, wrong URL): the run stops. */
  readonly fatal: boolean;

  constructor(
    message: string,
    init: {
      kind: RequestFailureKind;
      retryable: boolean;
      status?: number;
      retryAfterMs?: number;
      fatal?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.retryable = init.retryable;
    this.status = init.status;
    this.retryAfterMs = init.retryAfterMs;
    this.fatal = init.fatal ?? false;
  }
}

/** A doc's video or image file does not exist where lmms-eval would look for it. */
export class MissingMediaError extends Error {
  override name = 'MissingMediaError';
}

/** A doc's media could not be read or decoded (corrupt, truncated, unsupported): that sample fails, not the run. */
export class MediaDecodeError extends Error {
  override name = 'MediaDecodeError';
}

/** The data file is not a valid benchmark file for the task. */
export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** The output folder holds a run that does not match this one, or a damaged journal. */
export class RunStateError extends Error {
  override name = 'RunStateError';
}

/** A backend cannot run here (missing package API, missing model files). */
export class BackendUnavailableError extends Error {
  override name = 'BackendUnavailableError';
}

/** Some samples failed after every retry and the failure policy is `fail`. */
export class FailedSamplesError extends Error {
  override name = 'FailedSamplesError';
}
