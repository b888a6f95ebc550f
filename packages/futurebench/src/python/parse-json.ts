import { PythonFloat } from './json.js';

/**
 * Parses JSON like `JSON.parse`, but returns number literals written with a fraction or exponent (`0.0`, `1e-05`)
 * as {@link PythonFloat}, so {@link pythonJsonDumps} can write the text back unchanged. Also accepts Python's
 * `NaN`, `Infinity` and `-Infinity`, which `json.dumps` emits.
 * @throws {SyntaxError} with the offset of invalid JSON.
 */
export function parseJsonPreservingFloats(text: string): unknown {
  let i = 0;
  const fail = (what: string): never => {
    throw new SyntaxError(`${what} at offset ${i}`);
  };
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) {
      i++;
    }
  };
  const literal = (word: string, value: unknown): unknown => {
    if (text.startsWith(word, i)) {
      i += word.length;
      return value;
    }
    return fail('unexpected token');
  };
  const string = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') {
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) {
      fail('unterminated string');
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const obj: Record<string, unknown> = {};
      ws();
      if (text[i] === '}') {
        i++;
        return obj;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') {
          fail('expected a key');
        }
        const key = string();
        ws();
        if (text[i] !== ':') {
          fail("expected ':'");
        }
        i++;
        obj[key] = value();
        ws();
        if (text[i] === ',') {
          i++;
        } else if (text[i] === '}') {
          i++;
          return obj;
        } else {
          fail("expected ',' or '}'");
        }
      }
    }
    if (c === '[') {
      i++;
      const arr: unknown[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return arr;
      }
      for (;;) {
        arr.push(value());
        ws();
        if (text[i] === ',') {
          i++;
        } else if (text[i] === ']') {
          i++;
          return arr;
        } else {
          fail("expected ',' or ']'");
        }
      }
    }
    if (c === '"') {
      return string();
    }
    if (c === 't') {
      return literal('true', true);
    }
    if (c === 'f') {
      return literal('false', false);
    }
    if (c === 'n') {
      return literal('null', null);
    }
    if (c === 'N') {
      return literal('NaN', new PythonFloat(Number.NaN));
    }
    if (c === 'I') {
      return literal('Infinity', new PythonFloat(Infinity));
    }
    if (text.startsWith('-Infinity', i)) {
      return literal('-Infinity', new PythonFloat(-Infinity));
    }
    const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (m === null) {
      return fail('unexpected token');
    }
    i += m[0].length;
    const n = Number(m[0]);
    return m[1] !== undefined || m[2] !== undefined ? new PythonFloat(n) : n;
  };
  const result = value();
  ws();
  if (i !== text.length) {
    fail('unexpected trailing text');
  }
  return result;
}
