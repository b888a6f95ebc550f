import { PythonError } from './errors.js';
import { isJsonObject } from './json-value.js';
import { pyRepr, pyTypeName } from './repr.js';

/**
 * Python's `obj[key]` on a parsed JSON value, raising what Python raises: `KeyError(repr(key))` for a missing
 * dict key, `IndexError` out of range (negative indices wrap), `TypeError` for unsubscriptable values.
 */
export function pyGetItem(obj: unknown, key: string | number): unknown {
  if (typeof key === 'string') {
    if (isJsonObject(obj)) {
      if (Object.hasOwn(obj, key)) {
        return obj[key];
      }
      throw new PythonError('KeyError', pyRepr(key));
    }
    if (Array.isArray(obj)) {
      throw new PythonError('TypeError', 'list indices must be integers or slices, not str');
    }
    if (typeof obj === 'string') {
      throw new PythonError('TypeError', "string indices must be integers, not 'str'");
    }
  } else {
    if (Array.isArray(obj)) {
      const i = key < 0 ? key + obj.length : key;
      if (i < 0 || i >= obj.length) {
        throw new PythonError('IndexError', 'list index out of range');
      }
      return obj[i] as unknown;
    }
    if (isJsonObject(obj)) {
      throw new PythonError('KeyError', String(key));
    }
    if (typeof obj === 'string') {
      const chars = Array.from(obj);
      const i = key < 0 ? key + chars.length : key;
      if (i < 0 || i >= chars.length) {
        throw new PythonError('IndexError', 'string index out of range');
      }
      return chars[i];
    }
  }
  throw new PythonError('TypeError', `'${pyTypeName(obj)}' object is not subscriptable`);
}

/** Python's `len(obj)` on a parsed JSON value (`TypeError` for numbers, booleans and `None`). */
export function pyLen(obj: unknown): number {
  if (typeof obj === 'string') {
    let n = 0;
    for (const _ of obj) {
      n++;
    }
    return n;
  }
  if (Array.isArray(obj)) {
    return obj.length;
  }
  if (isJsonObject(obj)) {
    return Object.keys(obj).length;
  }
  throw new PythonError('TypeError', `object of type '${pyTypeName(obj)}' has no len()`);
}
