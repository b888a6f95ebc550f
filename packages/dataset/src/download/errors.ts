/** A downloaded file does not match the size or hash the hub reports; the partial file was removed. */
export class DownloadIntegrityError extends Error {
  override name = 'DownloadIntegrityError';
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(`${path}: ${detail}`);
  }
}

/** An archive entry that would write outside the target folder (traversal, absolute path, escaping link). */
export class UnsafeArchiveEntryError extends Error {
  override name = 'UnsafeArchiveEntryError';
  constructor(
    readonly archive: string,
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`${archive}: refusing entry "${entry}": ${reason}`);
  }
}

/** Progress of a download / extraction, for progress bars or logs. */
export interface DownloadProgress {
  phase: 'list' | 'download' | 'verify' | 'extract' | 'skip' | 'done';
  /** Repository path of the file (or archive) concerned. */
  file?: string;
  /** Bytes done in this phase for this file (downloaded, hashed, or read from the archive). */
  bytes?: number;
  /** Total bytes of the file, when known. */
  totalBytes?: number;
  /** A human-readable line. */
  message?: string;
}
