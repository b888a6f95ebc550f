// Python's notion of whitespace (`str.isspace`, `str.strip()`, `str.split()`, and `\s` in `re` str patterns).
// It differs from JavaScript's `\s` / `String.prototype.trim`: Python counts U+001C–U+001F and U+0085 as
// whitespace, JavaScript does not; JavaScript counts U+FEFF (BOM) as whitespace, Python does not.

/** Every code point for which CPython's `str.isspace()` is true (bidi class WS/B/S or category Zs). */
const PY_WHITESPACE = new Set<number>([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/**
 * True when the UTF-16 code unit `code` is whitespace for Python's `str.isspace()`. All Python whitespace lies
 * in the BMP, so a code unit test is exact (surrogates are never whitespace).
 */
export function isPythonWhitespace(code: number): boolean {
  return PY_WHITESPACE.has(code);
}

/**
 * Python's `s.strip()` with no argument. Unlike `String.prototype.trim` it removes U+001C–U+001F and U+0085 and
 * keeps U+FEFF.
 */
export function pythonStrip(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && PY_WHITESPACE.has(s.charCodeAt(start))) {
    start++;
  }
  while (end > start && PY_WHITESPACE.has(s.charCodeAt(end - 1))) {
    end--;
  }
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

/**
 * `len(s[start:end].split())` in Python: the number of maximal runs of non-whitespace code units. Counting
 * stops early once `limit` is exceeded (the reference only asks "more than 10 words?").
 */
export function pythonWordCount(s: string, start = 0, end = s.length, limit = Infinity): number {
  let count = 0;
  let inWord = false;
  for (let i = start; i < end; i++) {
    const ws = PY_WHITESPACE.has(s.charCodeAt(i));
    if (!ws && !inWord) {
      count++;
      if (count > limit) {
        return count;
      }
    }
    inWord = !ws;
  }
  return count;
}
