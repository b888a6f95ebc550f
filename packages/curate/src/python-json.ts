/**
 * `json.dumps(value, indent=2)` as CPython writes it with its defaults (`ensure_ascii=True`, separators `(',', ': ')`
 * when indenting), so that prompts embedding JSON are byte-identical to the reference.
 *
 * Differences from `JSON.stringify(value, null, 2)` that this handles: every character outside printable ASCII
 * (U+0020–U+007E) becomes `\uXXXX` with lowercase hex, per UTF-16 code unit (so astral characters become surrogate
 * pairs, as in Python). Keys keep insertion order in both. Non-finite numbers are rejected (Python would write
 * `NaN`, which is not JSON).
 */
export function pythonJsonDumps(value: unknown, indent = 2): string {
  const text = JSON.stringify(
    value,
    (_key, v: unknown) => {
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new TypeError(`pythonJsonDumps: non-finite number ${String(v)} cannot be written as JSON`);
      }
      return v;
    },
    indent,
  );
  if (text === undefined) {
    throw new TypeError('pythonJsonDumps: value is not JSON-serialisable');
  }
  return text.replace(/[^\x20-\x7e\n]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
