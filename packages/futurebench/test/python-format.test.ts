import { describe, expect, it } from 'vitest';
import {
  pythonFloatRepr,
  pythonFormatSpace1f,
  pythonJsonDumps,
  pythonStr,
  PythonFloat,
} from '@nextevent/futurebench';

// Expected strings were produced by CPython 3 (`repr(x)`, `format(x, ' .1f')`, `str(obj)`, `json.dumps`).
describe('Python float repr', () => {
  it.each([
    [0, '0.0'],
    [1, '1.0'],
    [100, '100.0'],
    [41.25, '41.25'],
    [57.333333333333336, '57.333333333333336'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e15, '1000000000000000.0'],
    [123456789012345.6, '123456789012345.6'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [1.2345e-7, '1.2345e-07'],
    [-2.5, '-2.5'],
    [1e22, '1e+22'],
    [Math.SQRT2, '1.4142135623730951'],
    [1 / 3, '0.3333333333333333'],
    [5e-324, '5e-324'],
    [1.7976931348623157e308, '1.7976931348623157e+308'],
  ])('repr(%d) = %s', (x, expected) => {
    expect(pythonFloatRepr(x)).toBe(expected);
  });
});

describe("Python format(x, ' .1f') (round-half-even on the exact value)", () => {
  it.each([
    [0, ' 0.0'],
    [0.25, ' 0.2'],
    [0.75, ' 0.8'],
    [6.25, ' 6.2'],
    [31.25, ' 31.2'],
    [43.75, ' 43.8'],
    [56.25, ' 56.2'],
    [81.25, ' 81.2'],
    [99.95, ' 100.0'],
    [100, ' 100.0'],
    [2.675, ' 2.7'],
    [0.05, ' 0.1'],
    [12.5, ' 12.5'],
  ])('%d → %j', (x, expected) => {
    expect(pythonFormatSpace1f(x)).toBe(expected);
  });
});

describe('Python str() of JSON values', () => {
  it('nested containers, quotes and escapes', () => {
    expect(pythonStr({ a: [1, null, true, "x'y", 'q'], b: '\n\u0000é\u2028' })).toBe(
      `{'a': [1, None, True, "x'y", 'q'], 'b': '\\n\\x00é\\u2028'}`,
    );
    expect(pythonStr([1.5, "it's", 'say "hi"', 'both \' " '])).toBe(
      `[1.5, "it's", 'say "hi"', 'both \\' " ']`,
    );
  });
});

describe('Python json.dumps', () => {
  it('one line with ", " and ": " separators, ensure_ascii=False', () => {
    // json.dumps({"a": [1, 2.5, None, True], "é": "x\u0001\"\\", "f": 1.0, "e": {}, "l": []}, ensure_ascii=False)
    expect(
      pythonJsonDumps({ a: [1, 2.5, null, true], é: 'x\u0001"\\', f: new PythonFloat(1), e: {}, l: [] }),
    ).toBe('{"a": [1, 2.5, null, true], "é": "x\\u0001\\"\\\\", "f": 1.0, "e": {}, "l": []}');
  });

  it('indent=2', () => {
    // json.dumps({"a": {"b": [1, {}], "c": []}, "d": 0.5}, indent=2)
    expect(pythonJsonDumps({ a: { b: [1, {}], c: [] }, d: 0.5 }, { indent: 2 })).toBe(
      '{\n  "a": {\n    "b": [\n      1,\n      {}\n    ],\n    "c": []\n  },\n  "d": 0.5\n}',
    );
  });

  it('Python keyword arguments and the int/float choice for JSON read from Python', () => {
    // json.dumps({"b": [1e20, -0.0, 1.0], "a": "é😀", "10": None}, ensure_ascii=True, sort_keys=True, indent="\t")
    expect(
      pythonJsonDumps(
        { b: [1e20, -0, new PythonFloat(1)], a: 'é😀', 10: null },
        { ensureAscii: true, sortKeys: true, indent: '\t', integers: 'below-1e16' },
      ),
    ).toBe(
      '{\n\t"10": null,\n\t"a": "\\u00e9\\ud83d\\ude00",\n\t"b": [\n\t\t1e+20,\n\t\t-0.0,\n\t\t1.0\n\t]\n}',
    );
    // json.dumps([100000000000000000000, 0, 1]): with the default integers: 'all', integral numbers are ints
    expect(pythonJsonDumps([1e20, -0, 1])).toBe('[100000000000000000000, 0, 1]');
  });

  it('undefined: skipped like JSON.stringify by default, TypeError like Python with skipUndefined: false', () => {
    expect(pythonJsonDumps({ a: undefined, b: [undefined] })).toBe('{"b": [null]}');
    expect(() =>
      pythonJsonDumps({ a: undefined }, { skipUndefined: false }),
    ).toThrowErrorMatchingInlineSnapshot(`[TypeError: Object of type undefined is not JSON serializable]`);
    expect(() => pythonJsonDumps(Number.NaN, { allowNan: false })).toThrow(RangeError);
  });
});
