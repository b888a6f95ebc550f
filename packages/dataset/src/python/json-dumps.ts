import { pythonJsonDumps as dumps, pythonJsonString as jsonString } from '@nextevent/futurebench';
import { pyKeys } from './json-value.js';

/** Options of {@link pythonJsonDumps}, named and defaulted like Python's `json.dumps`. */
export interface PythonJsonDumpsOptions {
  /** Spaces (or a string) per level; `null` writes everything on one line. Default: `null`. */
  indent?: number | string | null;
  /** Escape every non-ASCII character as `\uXXXX` (surrogate pairs above U+FFFF). Default: `true`. */
  ensureAscii?: boolean;
  /** `[itemSeparator, keySeparator]`. Default: `[', ', ': ']`, or `[',', ': ']` when `indent` is set. */
  separators?: readonly [string, string];
  /** Sort object keys. Default: `false` (document order, see `pyKeys`). */
  sortKeys?: boolean;
  /** Allow `NaN`/`Infinity` (written as Python writes them). Default: `true`; `false` throws `RangeError`. */
  allowNan?: boolean;
}

/** A JSON string literal exactly as Python's json module writes it (`ensure_ascii` by default, like Python). */
export function pythonJsonString(s: string, ensureAscii = true): string {
  return jsonString(s, ensureAscii);
}

/**
 * Serializes like Python's `json.dumps(obj, indent=…, ensure_ascii=…, separators=…, sort_keys=…)`, with
 * Python's defaults. With the reference's `json.dump(obj, f, indent=2)` this gives its files byte for byte:
 * `\uXXXX` escapes in lowercase hex, `/` not escaped, `[]`/`{}` for empty containers, `","` and `": "`
 * separators, no trailing newline. Objects keep their document key order (see `pyKeys`); JSON input cannot tell
 * 1 from 1.0, so integral values below 1e16 (where Python's float repr would switch to an exponent) are written
 * as ints, other values as Python floats. `undefined` throws `TypeError`, as an unserializable value does in
 * Python. Built on `pythonJsonDumps` of `@nextevent/futurebench`.
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonDumpsOptions = {}): string {
  return dumps(value, {
    indent: options.indent,
    ensureAscii: options.ensureAscii ?? true,
    separators: options.separators,
    sortKeys: options.sortKeys,
    allowNan: options.allowNan,
    integers: 'below-1e16',
    skipUndefined: false,
    keys: pyKeys,
  });
}
