import { pythonFloatRepr } from './format.js';

/**
 * Marks a number that Python holds as a `float`, so {@link pythonJsonDumps} writes `100.0` rather than `100`.
 * (Non-integral numbers are always written as floats; only integral floats need the marker.)
 */
export class PythonFloat {
  /** The float's value. */
  readonly value: number;
  /** @param value the number to write with Python's float repr. */
  constructor(value: number) {
    this.value = value;
  }
  /** `JSON.stringify` sees the plain number. */
  toJSON(): number {
    return this.value;
  }
}

/**
 * Options of {@link pythonJsonDumps}: Python's `json.dumps` keyword arguments, plus the choices JavaScript
 * values leave open (int or float, `undefined`, key order). The defaults are how lmms-eval writes its files.
 */
export interface PythonJsonOptions {
  /** Spaces (or a string) per level; `undefined`/`null` writes everything on one line. Default: one line. */
  readonly indent?: number | string | null | undefined;
  /** Escape every non-ASCII character as `\uXXXX` (surrogate pairs above U+FFFF). Default: `false`. */
  readonly ensureAscii?: boolean | undefined;
  /** `[itemSeparator, keySeparator]`. Default: `[', ', ': ']`, or `[',', ': ']` with an indent. */
  readonly separators?: readonly [string, string] | undefined;
  /** Sort object keys. Default: `false` (the order of `keys`). */
  readonly sortKeys?: boolean | undefined;
  /** Allow `NaN`/`Infinity` (written as Python writes them). Default: `true`; `false` throws `RangeError`. */
  readonly allowNan?: boolean | undefined;
  /**
   * Which integral `number`s are written as ints (the others as Python floats, like {@link PythonFloat}s).
   * `'all'`: every one (`-0` → `0`, `1e20` → `100000000000000000000`), for numbers the caller computed as ints.
   * `'below-1e16'`: integral values below 1e16 in magnitude other than `-0`, for values parsed from Python's
   * JSON, where ints beyond 2**53 arrive as `bigint`, so larger integral numbers and `-0` were floats.
   * Default: `'all'`.
   */
  readonly integers?: 'all' | 'below-1e16' | undefined;
  /**
   * Leave out object entries whose value is `undefined` and write `undefined` elsewhere as `null` (like
   * `JSON.stringify`). Default: `true`; `false` throws `TypeError` as Python does for an unserializable value.
   */
  readonly skipUndefined?: boolean | undefined;
  /**
   * The keys of an object in the order to write them (a Python dict keeps insertion order; a JavaScript object
   * lists integer-like keys first). Default: `Object.keys`.
   */
  readonly keys?: ((obj: object) => readonly string[]) | undefined;
}

const SHORT_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
  0x08: '\\b',
  0x0c: '\\f',
};

// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what must be escaped
const NEEDS_ESCAPE_UNICODE = /["\\\u0000-\u001f]/;

function u4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

/**
 * A JSON string literal exactly as Python's json module writes it: `\uXXXX` escapes in lowercase hex, `/` not
 * escaped. `ensureAscii` (default `false`) also escapes every code unit outside printable ASCII.
 */
export function pythonJsonString(s: string, ensureAscii = false): string {
  const test = ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE_UNICODE;
  if (!test.test(s)) {
    return `"${s}"`;
  }
  let out = '"';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c !== 0x22 && c !== 0x5c && (c < 0x7f || !ensureAscii)) {
      continue;
    }
    out += s.slice(last, i) + (SHORT_ESCAPES[c] ?? u4(c));
    last = i + 1;
  }
  return `${out}${s.slice(last)}"`;
}

function floatText(v: number, allowNan: boolean): string {
  if (!Number.isFinite(v)) {
    if (!allowNan) {
      throw new RangeError(`Out of range float values are not JSON compliant: ${v}`);
    }
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return pythonFloatRepr(v);
}

function isIntText(v: number, integers: 'all' | 'below-1e16'): boolean {
  if (!Number.isInteger(v)) {
    return false;
  }
  return integers === 'all' || (Math.abs(v) < 1e16 && !Object.is(v, -0));
}

/**
 * Serialises a JSON value as Python's `json.dumps(value, indent=…, ensure_ascii=…, separators=…,
 * sort_keys=…)` does: `", "` / `": "` separators on one line (or `","` plus newlines with `indent`), `[]`/`{}`
 * for empty containers, control characters as `\u00XX`, floats with Python's repr, no trailing newline.
 * lmms-eval writes its results (indent 2) and samples lines (no indent) so with `ensure_ascii=False`.
 *
 * Limitation: JavaScript numbers do not say int or float; see {@link PythonJsonOptions.integers} and
 * {@link PythonFloat}.
 * @throws {TypeError} for a cycle or a value JSON cannot hold (a function, a symbol, `undefined` when
 * `skipUndefined` is `false`); {@link RangeError} for `NaN`/`Infinity` when `allowNan` is `false`.
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  const indentOpt = options.indent ?? null;
  const indent = typeof indentOpt === 'number' ? ' '.repeat(indentOpt) : indentOpt;
  const ensureAscii = options.ensureAscii ?? false;
  const [itemSep, keySep] = options.separators ?? (indent === null ? [', ', ': '] : [',', ': ']);
  const sortKeys = options.sortKeys ?? false;
  const allowNan = options.allowNan ?? true;
  const integers = options.integers ?? 'all';
  const skipUndefined = options.skipUndefined ?? true;
  const keysOf = options.keys ?? Object.keys;
  const stack = new Set<object>();
  // Newline + indentation per level, built once.
  const pads: string[] = [];
  const pad = (level: number): string => {
    if (indent === null) {
      return '';
    }
    return (pads[level] ??= `\n${indent.repeat(level)}`);
  };
  let out = '';

  const write = (v: unknown, level: number): void => {
    if (typeof v === 'string') {
      out += pythonJsonString(v, ensureAscii);
    } else if (v === null || (v === undefined && skipUndefined)) {
      out += 'null';
    } else if (v === true) {
      out += 'true';
    } else if (v === false) {
      out += 'false';
    } else if (typeof v === 'number') {
      out += isIntText(v, integers) ? BigInt(v).toString() : floatText(v, allowNan);
    } else if (typeof v === 'bigint') {
      out += v.toString();
    } else if (v instanceof PythonFloat) {
      out += floatText(v.value, allowNan);
    } else if (typeof v === 'object') {
      if (stack.has(v)) {
        throw new TypeError('Circular reference detected');
      }
      const isArray = Array.isArray(v);
      let keys: readonly string[] = [];
      if (!isArray) {
        keys = keysOf(v);
        if (skipUndefined) {
          keys = keys.filter((k) => (v as Record<string, unknown>)[k] !== undefined);
        }
        if (sortKeys) {
          keys = [...keys].sort();
        }
      }
      const count = isArray ? v.length : keys.length;
      if (count === 0) {
        out += isArray ? '[]' : '{}';
        return;
      }
      stack.add(v);
      const inner = pad(level + 1);
      const sep = itemSep + inner;
      out += (isArray ? '[' : '{') + inner;
      for (let i = 0; i < count; i++) {
        if (i > 0) {
          out += sep;
        }
        if (isArray) {
          write(v[i], level + 1);
        } else {
          const key = keys[i] as string;
          out += pythonJsonString(key, ensureAscii) + keySep;
          write((v as Record<string, unknown>)[key], level + 1);
        }
      }
      out += pad(level) + (isArray ? ']' : '}');
      stack.delete(v);
    } else {
      throw new TypeError(`Object of type ${typeof v} is not JSON serializable`);
    }
  };
  write(value, 0);
  return out;
}
