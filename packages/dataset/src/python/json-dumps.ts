import { pythonFloatRepr } from '@nextevent/futurebench';
import { isJsonObject, pyKeys } from './json-value.js';

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

/** A JSON string literal exactly as Python's json module writes it. */
export function pythonJsonString(s: string, ensureAscii = true): string {
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

function numberText(v: number, allowNan: boolean): string {
  if (!Number.isFinite(v)) {
    if (!allowNan) {
      throw new RangeError(`Out of range float values are not JSON compliant: ${v}`);
    }
    return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  // JSON input cannot tell 1 from 1.0: integral values below 1e16 (where Python's float repr would switch to an
  // exponent) are written as ints, other values as Python floats.
  return Number.isInteger(v) && Math.abs(v) < 1e16 && !Object.is(v, -0) ? String(v) : pythonFloatRepr(v);
}

/**
 * Serializes like Python's `json.dumps(obj, indent=…, ensure_ascii=…, separators=…, sort_keys=…)`. With the
 * reference's `json.dump(obj, f, indent=2)` this gives its files byte for byte: `\uXXXX` escapes in lowercase
 * hex, `/` not escaped, `[]`/`{}` for empty containers, `","` and `": "` separators, no trailing newline.
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonDumpsOptions = {}): string {
  const indentOpt = options.indent ?? null;
  const indent = typeof indentOpt === 'number' ? ' '.repeat(indentOpt) : indentOpt;
  const ensureAscii = options.ensureAscii ?? true;
  const [itemSep, keySep] = options.separators ?? (indent === null ? [', ', ': '] : [',', ': ']);
  const sortKeys = options.sortKeys ?? false;
  const allowNan = options.allowNan ?? true;
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
    } else if (v === null) {
      out += 'null';
    } else if (v === true) {
      out += 'true';
    } else if (v === false) {
      out += 'false';
    } else if (typeof v === 'number') {
      out += numberText(v, allowNan);
    } else if (typeof v === 'bigint') {
      out += v.toString();
    } else if (Array.isArray(v) || isJsonObject(v)) {
      if (stack.has(v)) {
        throw new TypeError('Circular reference detected');
      }
      const isArray = Array.isArray(v);
      const keys = isArray ? null : sortKeys ? pyKeys(v).sort() : pyKeys(v);
      const count = isArray ? v.length : (keys as string[]).length;
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
          const key = (keys as string[])[i] as string;
          out += pythonJsonString(key, ensureAscii) + keySep;
          write((v as Record<string, unknown>)[key], level + 1);
        }
      }
      out += pad(level) + (isArray ? ']' : '}');
      stack.delete(v);
    } else {
      const type = v === undefined ? 'undefined' : typeof v;
      throw new TypeError(`Object of type ${type} is not JSON serializable`);
    }
  };
  write(value, 0);
  return out;
}
