import { pythonFloatRepr, pythonStrRepr } from '@nextevent/futurebench';
import { isJsonObject, pyKeys } from './json-value.js';

/** Python's type name for a JSON value (`NoneType`, `bool`, `int`, `float`, `str`, `list`, `dict`). */
export function pyTypeName(v: unknown): string {
  if (v === null || v === undefined) {
    return 'NoneType';
  }
  if (typeof v === 'boolean') {
    return 'bool';
  }
  if (typeof v === 'bigint') {
    return 'int';
  }
  if (typeof v === 'number') {
    return isPyInt(v) ? 'int' : 'float';
  }
  if (typeof v === 'string') {
    return 'str';
  }
  return Array.isArray(v) ? 'list' : 'dict';
}

/**
 * Whether a parsed JSON number is a Python `int`. `JSON.parse` cannot tell `1` from `1.0`, so integral values
 * below 1e16 count as ints and everything else as floats; {@link parsePythonJson} keeps big integers as `bigint`.
 */
function isPyInt(v: number): boolean {
  return Number.isInteger(v) && Math.abs(v) < 1e16 && !Object.is(v, -0);
}

/** Python's `repr()` of a number: ints in decimal, floats like `repr(float)`. */
export function pyNumberRepr(v: number | bigint): string {
  if (typeof v === 'bigint') {
    return v.toString();
  }
  return isPyInt(v) ? String(v) : pythonFloatRepr(v);
}

/** Python's `repr()` of a JSON value. */
export function pyRepr(v: unknown): string {
  if (typeof v === 'string') {
    return pythonStrRepr(v);
  }
  if (v === null || v === undefined) {
    return 'None';
  }
  if (typeof v === 'boolean') {
    return v ? 'True' : 'False';
  }
  if (typeof v === 'number' || typeof v === 'bigint') {
    return pyNumberRepr(v);
  }
  if (Array.isArray(v)) {
    return `[${v.map((x) => pyRepr(x)).join(', ')}]`;
  }
  if (isJsonObject(v)) {
    return `{${pyKeys(v)
      .map((k) => `${pythonStrRepr(k)}: ${pyRepr(v[k])}`)
      .join(', ')}}`;
  }
  return typeof v === 'function' || typeof v === 'symbol' ? typeof v : JSON.stringify(v);
}

/** Python's `str()` of a JSON value: strings as they are, everything else as `repr()`. */
export function pyStr(v: unknown): string {
  return typeof v === 'string' ? v : pyRepr(v);
}
