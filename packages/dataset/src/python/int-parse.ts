import { pythonStrip, pythonStrRepr } from '@nextevent/futurebench';
import { PythonError } from './errors.js';

const DECIMAL_DIGIT = /\p{Nd}/u;

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
    throw new PythonError('ValueError', `invalid literal for int() with base 10: ${pythonStrRepr(s)}`);
  };
  const t = pythonStrip(s);
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
