/**
 * A JSON value as Python's `json.load` gives it: integers beyond 2**53 stay exact as `bigint`, `NaN` and
 * `Infinity` are accepted, and objects keep their document key order (see {@link pyKeys}).
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | JsonObject;

/** A JSON object. */
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Key order for objects whose keys JavaScript would reorder (integer-like keys come first in JS). */
const KEY_ORDER = new WeakMap<object, string[]>();

/** True for keys that JavaScript enumerates before the others (canonical array indices). */
export function isIndexLikeKey(key: string): boolean {
  const n = key.length;
  if (n === 0 || n > 10) {
    return false;
  }
  if (n > 1 && key.charCodeAt(0) === 0x30) {
    return false;
  }
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x30 || c > 0x39) {
      return false;
    }
  }
  return Number(key) < 4294967295;
}

/** Records the document key order of an object (used by the parser when an index-like key is present). */
export function setKeyOrder(obj: object, keys: string[]): void {
  KEY_ORDER.set(obj, keys);
}

/**
 * The keys of a parsed JSON object in document order, like `list(d.keys())` in Python. Plain
 * `Object.keys` puts integer-like keys first; objects parsed by {@link parsePythonJson} remember the real
 * order.
 */
export function pyKeys(obj: object): string[] {
  return KEY_ORDER.get(obj) ?? Object.keys(obj);
}

/** True for a JSON object (not null, not an array). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
