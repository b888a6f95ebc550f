import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsePythonJson, pyStrip, PythonRandom, pythonJsonDumps } from '@nextevent/dataset';

/** Text of a JSON value outside its strings (where numbers are). */
const outsideStrings = (text: string) => text.replace(/"(?:[^"\\]|\\.)*"/g, '');
/** Integer literals of 16+ digits: Python keeps them as exact ints (we as bigint), JavaScript rounds them. */
const hasHugeInt = (text: string) => /\d{16}/.test(outsideStrings(text));

/** JSON values JavaScript and Python write alike: integers below 1e16 (no -0), well-formed strings. */
const jsonLike = fc
  .jsonValue()
  .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
  .filter((v) => {
    const text = JSON.stringify(v);
    return !/\\ud[89a-f]/i.test(text) && !/[.eE]/.test(outsideStrings(text)) && !hasHugeInt(text);
  });

describe('properties', () => {
  it('pythonJsonDumps(indent=2, ensure_ascii=False) equals JSON.stringify(v, null, 2) on shared ground', () => {
    fc.assert(
      fc.property(jsonLike, (v) => {
        expect(pythonJsonDumps(v, { indent: 2, ensureAscii: false })).toBe(JSON.stringify(v, null, 2));
        expect(pythonJsonDumps(v, { separators: [',', ':'], ensureAscii: false })).toBe(JSON.stringify(v));
      }),
      { numRuns: 300 },
    );
  });

  it('ensure_ascii output is pure ASCII and parses back to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = pythonJsonDumps(v, { indent: 2 });
        expect(/^[\x20-\x7e\n]*$/.test(text)).toBe(true);
        // Compared with v itself: JSON.stringify writes -0 as 0, Python's json.dumps keeps it (-0.0).
        expect(JSON.parse(text)).toEqual(v);
      }),
      { numRuns: 300 },
    );
  });

  it('parsePythonJson agrees with JSON.parse', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        fc.pre(!hasHugeInt(text));
        expect(parsePythonJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('shuffle permutes and sample picks distinct elements', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 }), fc.integer({ min: 0, max: 200 }), (seed, n) => {
        const r = new PythonRandom(seed);
        const xs = Array.from({ length: n }, (_, i) => i);
        r.shuffle(xs);
        expect([...xs].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, i) => i));
        const k = Math.floor(n / 2);
        const s = r.sample(xs, k);
        expect(new Set(s).size).toBe(k);
      }),
      { numRuns: 200 },
    );
  });

  it('pyStrip returns an inner slice and is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const stripped = pyStrip(s);
        expect(s.includes(stripped)).toBe(true);
        expect(pyStrip(stripped)).toBe(stripped);
      }),
      { numRuns: 300 },
    );
  });
});
