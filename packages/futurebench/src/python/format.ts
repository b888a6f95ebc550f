// Python's text formatting of numbers and values, as far as the reference code relies on it.

/**
 * Python's `repr(float)` (also what `json.dumps` and `str()` write for a float): the shortest digits that round-trip,
 * in fixed notation when the decimal exponent is in [-4, 16) and with a trailing `.0` for integral values, otherwise
 * in scientific notation with a signed exponent of at least two digits (`1e-05`, `1.5e+16`).
 */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) {
    return 'nan';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'inf' : '-inf';
  }
  if (x === 0) {
    return Object.is(x, -0) ? '-0.0' : '0.0';
  }
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument gives the shortest round-tripping digits, like Python's repr.
  const [mantissa = '', expText = '0'] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    }
    const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
    const frac = digits.slice(exp + 1);
    return `${sign}${intPart}.${frac === '' ? '0' : frac}`;
  }
  const m = digits.length > 1 ? `${digits[0] ?? ''}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp).toString().padStart(2, '0');
  return `${sign}${m}e${exp < 0 ? '-' : '+'}${e}`;
}

/**
 * Python's `format(x, ' .1f')` (the reference logs percentages with `{: .1f}`): one decimal, a leading space
 * for non-negative values, and round-half-even on the exact binary value. JavaScript's `toFixed(1)` rounds
 * exact ties up instead (6.25 → `6.3`, Python gives `6.2`); ties are exactly the values where `4x` is odd.
 */
export function pythonFormatSpace1f(x: number): string {
  if (!Number.isFinite(x)) {
    return Number.isNaN(x) ? ' nan' : x > 0 ? ' inf' : '-inf';
  }
  const negative = x < 0 || Object.is(x, -0);
  const a = Math.abs(x);
  let text: string;
  const q = a * 4; // exact for the magnitudes we format
  if (Number.isInteger(q) && q % 2 === 1) {
    // Exact tie at one decimal: choose the even last digit.
    const t = a * 10; // exact: a = odd/4, so 10a = odd * 2.5
    const lo = Math.floor(t);
    const n = lo % 2 === 0 ? lo : lo + 1;
    text = `${Math.floor(n / 10)}.${n % 10}`;
  } else {
    text = a.toFixed(1);
  }
  return `${negative ? '-' : ' '}${text}`;
}

/** Code points Python's `str.isprintable()` rejects (categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs except space). */
const NON_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

/**
 * Python's `repr(str)`. Quote choice and escapes follow CPython; printability is decided with this engine's
 * Unicode tables, which may differ from the Python build's for very new code points.
 */
export function pythonStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (ch === quote || ch === '\\') {
      out += `\\${ch}`;
    } else if (ch === '\n') {
      out += '\\n';
    } else if (ch === '\r') {
      out += '\\r';
    } else if (ch === '\t') {
      out += '\\t';
    } else if (ch !== ' ' && (cp < 0x20 || cp === 0x7f || NON_PRINTABLE.test(ch))) {
      out +=
        cp <= 0xff
          ? `\\x${cp.toString(16).padStart(2, '0')}`
          : cp <= 0xffff
            ? `\\u${cp.toString(16).padStart(4, '0')}`
            : `\\U${cp.toString(16).padStart(8, '0')}`;
    } else {
      out += ch;
    }
  }
  return out + quote;
}

/** Python's `repr()` of a value parsed from JSON (numbers: integral → int, else float; see {@link pythonStr}). */
export function pythonRepr(value: unknown): string {
  return typeof value === 'string' ? pythonStrRepr(value) : pythonStr(value);
}

/**
 * Python's `str()` of a value parsed from JSON, as an f-string `{value}` writes it: `None`, `True`/`False`,
 * integral numbers as ints, other numbers with {@link pythonFloatRepr}, lists and dicts with their `repr`.
 *
 * Limitation: JSON parsing in JavaScript loses Python's int/float distinction, so a JSON `1.0` is written `1`.
 */
export function pythonStr(value: unknown): string {
  if (value === null || value === undefined) {
    return 'None';
  }
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'boolean') {
    return value ? 'True' : 'False';
  }
  if (typeof value === 'number') {
    return Number.isInteger(value) ? BigInt(value).toString() : pythonFloatRepr(value);
  }
  if (typeof value === 'bigint') {
    return value.toString();
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => pythonRepr(v)).join(', ')}]`;
  }
  if (typeof value === 'object') {
    const parts = Object.entries(value).map(([k, v]) => `${pythonStrRepr(k)}: ${pythonRepr(v)}`);
    return `{${parts.join(', ')}}`;
  }
  return typeof value === 'symbol' ? value.toString() : 'None';
}
