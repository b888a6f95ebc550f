import { PythonError } from '../python/errors.js';
import { DEFAULT_SAVE_DIR, type DatagenContext, type FormatResult } from './context.js';
import type { GeneratedRecord } from './entry.js';
import { posixJoin } from './paths.js';

/** The common tail of the reference functions: shuffle, print the error count and the `save` line. */
export function finishFormat(
  ctx: DatagenContext,
  fileName: string,
  records: GeneratedRecord[],
  errorCount: number,
  stdoutBefore = '',
): FormatResult {
  ctx.rng.shuffle(records);
  const out = posixJoin(ctx.saveDir ?? DEFAULT_SAVE_DIR, fileName);
  const stdout = `${stdoutBefore}Error count: ${errorCount}\nsave ${records.length} entries to ${out}\n`;
  return { fileName, records, stdout, errorCount };
}

/** Reads fields inside a `try: … except: exit(1997)` block of the reference. */
export function orExit1997<T>(read: () => T): T {
  try {
    return read();
  } catch (cause) {
    const error = new PythonError('SystemExit', '1997', { exitCode: 1997, cause });
    const why = cause instanceof PythonError ? `${cause.pyType}: ${cause.pyMessage}` : String(cause);
    error.message = `SystemExit: 1997 (the reference calls exit(1997) after ${why})`;
    throw error;
  }
}
