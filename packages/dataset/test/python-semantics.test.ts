import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  isJsonObject,
  parsePythonJson,
  pyFloatRepr,
  pyIntParse,
  pyKeys,
  PythonError,
  pyStrip,
  pyStrRepr,
  pythonJsonDumps,
  type PythonJsonDumpsOptions,
} from '@nextevent/dataset';

/** Expected values computed by CPython 3.11 (test/fixtures/gen-python-semantics.py). */
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/python-semantics.json', import.meta.url), 'utf8'),
) as {
  dumps: { value: string; kwargs: Record<string, unknown>; out: string }[];
  floatRepr: { value: number; repr: string }[];
  strip: { in: string; out: string }[];
  int: { in: string; out?: string; error?: string }[];
  repr: { in: string; out: string }[];
};

function toOptions(kw: Record<string, unknown>): PythonJsonDumpsOptions {
  const o: PythonJsonDumpsOptions = {};
  if (kw.indent !== undefined) {
    o.indent = kw.indent as number | string;
  }
  if (kw.ensure_ascii !== undefined) {
    o.ensureAscii = kw.ensure_ascii as boolean;
  }
  if (kw.sort_keys !== undefined) {
    o.sortKeys = kw.sort_keys as boolean;
  }
  if (kw.separators !== undefined) {
    o.separators = kw.separators as [string, string];
  }
  return o;
}

describe('pythonJsonDumps vs json.dumps', () => {
  it.each(golden.dumps.map((d, i) => [i, JSON.stringify(d.kwargs), d] as const))(
    'case %i %s',
    (_i, _kw, d) => {
      expect(pythonJsonDumps(parsePythonJson(d.value), toOptions(d.kwargs))).toBe(d.out);
    },
  );

  it('escapes astral characters as lowercase surrogate pairs and keeps lone surrogates', () => {
    expect(pythonJsonDumps(['😀\ud800'])).toBe('["\\ud83d\\ude00\\ud800"]');
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => pythonJsonDumps({ a: undefined })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Object of type undefined is not JSON serializable]`,
    );
    expect(() => pythonJsonDumps(NaN, { allowNan: false })).toThrow(RangeError);
    const cyclic: unknown[] = [];
    cyclic.push(cyclic);
    expect(() => pythonJsonDumps(cyclic)).toThrow('Circular reference detected');
  });
});

describe('parsePythonJson', () => {
  it('keeps document order of integer-like keys', () => {
    const v = parsePythonJson('{"Scene 2": [1, 2], "10": 3, "a": 1, "1": 2}');
    expect(isJsonObject(v) && pyKeys(v)).toEqual(['Scene 2', '10', 'a', '1']);
    expect(Object.keys(v as object)).toEqual(['1', '10', 'Scene 2', 'a']);
    expect(pythonJsonDumps(v)).toBe('{"Scene 2": [1, 2], "10": 3, "a": 1, "1": 2}');
  });

  it('keeps big integers exact and accepts NaN/Infinity like Python', () => {
    expect(parsePythonJson('[18446744073709551615, -0, NaN, -Infinity, 1.5e3]')).toEqual([
      18446744073709551615n,
      0,
      NaN,
      -Infinity,
      1500,
    ]);
  });

  it('keeps the first position and last value of a duplicated key, and __proto__ as data', () => {
    const v = parsePythonJson('{"a": 1, "b": 2, "a": 3, "__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['a', 'b', '__proto__']);
    expect(v.a).toBe(3);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('reports where malformed JSON stops', () => {
    expect(() => parsePythonJson('[1,\n 2,]')).toThrowErrorMatchingInlineSnapshot(
      `[JsonParseError: Expecting value: line 2 column 4 (char 7)]`,
    );
    expect(() => parsePythonJson('"a\u0001"')).toThrow('Invalid control character');
    expect(() => parsePythonJson('{} x')).toThrow('Extra data');
  });
});

describe('Python string and number helpers', () => {
  it.each(golden.floatRepr.map((f) => [f.repr, f.value] as const))('repr(float) = %s', (repr, value) => {
    expect(pyFloatRepr(value)).toBe(repr);
  });

  it.each(golden.strip.map((s) => [JSON.stringify(s.in), s] as const))('strip(%s)', (_n, s) => {
    expect(pyStrip(s.in)).toBe(s.out);
  });

  it.each(golden.int.map((c) => [JSON.stringify(c.in), c] as const))('int(%s)', (_n, c) => {
    if (c.out !== undefined) {
      expect(pyIntParse(c.in).toString()).toBe(c.out);
    } else {
      let err: unknown;
      try {
        pyIntParse(c.in);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PythonError);
      expect((err as PythonError).pyType).toBe('ValueError');
      expect((err as PythonError).pyMessage).toBe(c.error);
    }
  });

  it.each(golden.repr.map((r) => [JSON.stringify(r.in), r] as const))('repr(%s)', (_n, r) => {
    expect(pyStrRepr(r.in)).toBe(r.out);
  });
});
