/** The Python exception classes the reference script can end with. */
export type PythonExceptionType =
  'AssertionError' | 'SystemExit' | 'KeyError' | 'IndexError' | 'ValueError' | 'TypeError' | 'AttributeError';

/**
 * An error the Python reference would have raised at the same point, with its exception class and `str()`
 * message (or exit code, for `SystemExit`). Data generation stops on it exactly where the reference stops.
 */
export class PythonError extends Error {
  override name = 'PythonError';
  /** The Python exception class, e.g. `KeyError`. */
  readonly pyType: PythonExceptionType;
  /** `str(exception)` in Python (for `KeyError`, the key's repr). */
  readonly pyMessage: string;
  /** For `SystemExit`: the exit code. */
  readonly exitCode: number | undefined;
  /** Where data generation stopped: the reference function and the 0-based record index, when known. */
  where?: { function: string; recordIndex?: number };

  constructor(
    pyType: PythonExceptionType,
    pyMessage: string,
    options?: { exitCode?: number; cause?: unknown },
  ) {
    super(`${pyType}: ${pyMessage}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.pyType = pyType;
    this.pyMessage = pyMessage;
    this.exitCode = options?.exitCode;
  }
}
