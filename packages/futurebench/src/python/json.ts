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

/** Options of {@link pythonJsonDumps}. */
export interface PythonJsonOptions {
  /** Python's `indent`: `undefined` writes one line with `", "` and `": "` separators. */
  readonly indent?: number;
}

const ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

/** A JSON string literal as Python's `json.dumps(..., ensure_ascii=False)` writes it. */
export function pythonJsonString(s: string): string {
  // eslint-disable-next-line no-control-regex
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}"`;
}

function number(x: number, asFloat: boolean): string {
  if (Number.isNaN(x)) {
    return 'NaN';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'Infinity' : '-Infinity';
  }
  if (!asFloat && Number.isInteger(x)) {
    return BigInt(x).toString();
  }
  return pythonFloatRepr(x);
}

function dump(value: unknown, indent: number | undefined, depth: number): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (value instanceof PythonFloat) {
    return number(value.value, true);
  }
  switch (typeof value) {
    case 'string':
      return pythonJsonString(value);
    case 'number':
      return number(value, false);
    case 'bigint':
      return value.toString();
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      break;
  }
  const inner = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
  const outer = indent === undefined ? '' : `\n${' '.repeat(indent * depth)}`;
  const sep = indent === undefined ? ', ' : ',';
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return '[]';
    }
    return `[${inner}${value.map((v) => dump(v, indent, depth + 1)).join(sep + inner)}${outer}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
  if (entries.length === 0) {
    return '{}';
  }
  const parts = entries.map(([k, v]) => `${pythonJsonString(k)}: ${dump(v, indent, depth + 1)}`);
  return `{${inner}${parts.join(sep + inner)}${outer}}`;
}

/**
 * Serialises a JSON value as Python's `json.dumps(value, ensure_ascii=False, indent=indent)` does: `", "` /
 * `": "` separators on one line (or `","` plus newlines with `indent`), non-ASCII kept, control characters as
 * `\u00XX`, floats with Python's repr. lmms-eval writes its results (indent 2) and samples lines (no indent) so.
 *
 * Limitation: integral numbers are written as ints unless wrapped in {@link PythonFloat}; keys with
 * `undefined` values are skipped (like `JSON.stringify`).
 */
export function pythonJsonDumps(value: unknown, options: PythonJsonOptions = {}): string {
  return dump(value, options.indent, 0);
}
