import { isIndexLikeKey, setKeyOrder, type JsonObject, type JsonValue } from './json-value.js';

/** Malformed JSON, with the offset, line and column (1-based) where parsing stopped. */
export class JsonParseError extends Error {
  override name = 'JsonParseError';
  /** Offset in UTF-16 code units. */
  readonly offset: number;
  readonly line: number;
  readonly column: number;

  constructor(message: string, text: string, offset: number) {
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    super(`${message}: line ${line} column ${column} (char ${offset})`);
    this.offset = offset;
    this.line = line;
    this.column = column;
  }
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

/**
 * Parses JSON like Python's `json.loads`: objects keep their document key order even for integer-like keys
 * (read it with `pyKeys`), integers outside the safe range become `bigint`, `NaN`/`Infinity`/`-Infinity`
 * are accepted, control characters inside strings are rejected, and a duplicated key keeps its first position
 * with the last value.
 */
export function parsePythonJson(text: string): JsonValue {
  let i = 0;
  const n = text.length;
  const fail = (msg: string, at = i): never => {
    throw new JsonParseError(msg, text, at);
  };
  const ws = (): void => {
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        i++;
      } else {
        break;
      }
    }
  };
  const parseString = (): string => {
    // at the opening quote
    const start = ++i;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        return text.slice(start, i++);
      }
      if (c === 0x5c) {
        break;
      }
      if (c < 0x20) {
        fail('Invalid control character at');
      }
      i++;
    }
    let out = text.slice(start, i);
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return out;
      }
      if (c < 0x20) {
        fail('Invalid control character at');
      }
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          const h = text.slice(i + 2, i + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(h)) {
            fail('Invalid \\uXXXX escape', i + 1);
          }
          out += String.fromCharCode(parseInt(h, 16));
          i += 6;
        } else if (e !== undefined && e in ESCAPES) {
          out += ESCAPES[e] as string;
          i += 2;
        } else {
          fail('Invalid \\escape', i);
        }
      } else {
        out += text[i] as string;
        i++;
      }
    }
    return fail('Unterminated string starting at', start - 1);
  };
  const NUMBER = /-?(?:0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?/y;
  const parseValue = (): JsonValue => {
    ws();
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      return parseString();
    }
    if (c === 0x7b) {
      i++;
      const obj: JsonObject = {};
      let order: string[] | null = null;
      const keys: string[] = [];
      ws();
      if (text.charCodeAt(i) === 0x7d) {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text.charCodeAt(i) !== 0x22) {
          fail('Expecting property name enclosed in double quotes');
        }
        const key = parseString();
        ws();
        if (text.charCodeAt(i) !== 0x3a) {
          fail("Expecting ':' delimiter");
        }
        i++;
        const value = parseValue();
        const isNew = !Object.hasOwn(obj, key);
        if (key === '__proto__') {
          Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        } else {
          obj[key] = value;
        }
        if (isNew) {
          keys.push(key);
          if (order === null && isIndexLikeKey(key)) {
            order = keys;
          }
        }
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) {
          i++;
        } else if (d === 0x7d) {
          i++;
          break;
        } else {
          fail("Expecting ',' delimiter");
        }
      }
      if (order !== null) {
        setKeyOrder(obj, order);
      }
      return obj;
    }
    if (c === 0x5b) {
      i++;
      const arr: JsonValue[] = [];
      ws();
      if (text.charCodeAt(i) === 0x5d) {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue());
        ws();
        const d = text.charCodeAt(i);
        if (d === 0x2c) {
          i++;
        } else if (d === 0x5d) {
          i++;
          break;
        } else {
          fail("Expecting ',' delimiter");
        }
      }
      return arr;
    }
    if (text.startsWith('null', i)) {
      i += 4;
      return null;
    }
    if (text.startsWith('true', i)) {
      i += 4;
      return true;
    }
    if (text.startsWith('false', i)) {
      i += 5;
      return false;
    }
    if (text.startsWith('NaN', i)) {
      i += 3;
      return NaN;
    }
    if (text.startsWith('Infinity', i)) {
      i += 8;
      return Infinity;
    }
    if (text.startsWith('-Infinity', i)) {
      i += 9;
      return -Infinity;
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(text);
    if (m === null) {
      return fail('Expecting value');
    }
    i += m[0].length;
    if (m[1] === undefined && m[2] === undefined) {
      const v = Number(m[0]);
      // Python ints: -0 is 0; beyond 2**53 stays exact.
      return v === 0 ? 0 : Number.isSafeInteger(v) ? v : BigInt(m[0]);
    }
    return Number(m[0]);
  };
  const value = parseValue();
  ws();
  if (i < n) {
    fail('Extra data');
  }
  return value;
}
