import { PythonError } from './errors.js';

/** Python's whitespace set (`Py_UNICODE_ISSPACE`), used by `str.strip()`, `str.split()` and `int()`. */
const PY_WHITESPACE = new Set([
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002,
  0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
]);

/** True when the UTF-16 code unit is whitespace for Python's `str.isspace()` (all such are in the BMP). */
export function isPyWhitespace(codeUnit: number): boolean {
  return PY_WHITESPACE.has(codeUnit);
}

/**
 * Python's `str.strip()` without arguments. Unlike `String.prototype.trim` it removes U+001C-U+001F and U+0085
 * and keeps U+FEFF.
 */
export function pyStrip(s: string): string {
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

const NON_PRINTABLE = /[\p{C}\p{Z}]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;

function hex(n: number, width: number): string {
  return n.toString(16).padStart(width, '0');
}

/** Python's `repr(str)`: quotes chosen like CPython, non-printable characters escaped. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') {
      out += `\\${ch}`;
    } else if (ch === '\t') {
      out += '\\t';
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (cp < 0x20 || cp === 0x7f) {
      out += `\\x${hex(cp, 2)}`;
    } else if (cp < 0x7f) {
      out += ch;
    } else if (cp !== 0x20 && NON_PRINTABLE.test(ch)) {
      out += cp < 0x100 ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    } else {
      out += ch;
    }
  }
  return out + quote;
}

/** The value of a Unicode decimal digit (category Nd); Nd characters come in runs of ten starting at 0. */
function decimalValue(cp: number): number {
  let start = cp;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) {
    start--;
  }
  return (cp - start) % 10;
}

/**
 * Python's `int(s)` for a string in base 10: surrounding Python whitespace, an optional sign, decimal digits
 * (any Unicode Nd digit) with single underscores between digits. Throws the reference's `ValueError` otherwise.
 */
export function pyIntParse(s: string): bigint {
  const fail = (): never => {
    throw new PythonError('ValueError', `invalid literal for int() with base 10: ${pyStrRepr(s)}`);
  };
  const t = pyStrip(s);
  let i = 0;
  let negative = false;
  if (t[0] === '+' || t[0] === '-') {
    negative = t[0] === '-';
    i = 1;
  }
  let digits = '';
  let lastWasDigit = false;
  for (const ch of t.slice(i)) {
    if (ch === '_') {
      if (!lastWasDigit) {
        fail();
      }
      lastWasDigit = false;
      continue;
    }
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x30 && cp <= 0x39) {
      digits += ch;
    } else if (cp > 0x7f && DECIMAL_DIGIT.test(ch)) {
      digits += String(decimalValue(cp));
    } else {
      fail();
    }
    lastWasDigit = true;
  }
  if (digits === '' || !lastWasDigit) {
    fail();
  }
  const value = BigInt(digits);
  return negative ? -value : value;
}
