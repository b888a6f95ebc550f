import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PythonRandom } from '@nextevent/dataset';

interface Line {
  kind: string;
  seed: string;
  [key: string]: unknown;
}

const lines = readFileSync(new URL('./fixtures/rng.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Line)
  .filter((l) => l.kind !== 'meta');

const rngFor = (seed: string) => new PythonRandom(BigInt(seed));
/** Golden integers above 2**53 are strings; compare everything as decimal strings. */
const asStrings = (values: unknown[]) => values.map((v) => String(v));
const byKind = (kind: string) => lines.filter((l) => l.kind === kind);

describe('PythonRandom vs CPython 3.11 goldens (rng.jsonl)', () => {
  it('covers every kind in the golden file', () => {
    expect(new Set(lines.map((l) => l.kind))).toEqual(
      new Set(['state', 'random', 'getrandbits', 'randint', 'choice', 'shuffle', 'sample', 'sequence']),
    );
  });

  it.each(byKind('state'))('state after seed($seed)', (l) => {
    const st = rngFor(l.seed).getState();
    expect(st.mt).toEqual(l.mt);
    expect(st.index).toBe(l.index);
  });

  it.each(byKind('random'))('random() seed=$seed', (l) => {
    const r = rngFor(l.seed);
    expect(Array.from({ length: l.count as number }, () => r.random())).toEqual(l.values);
  });

  it.each(byKind('getrandbits'))('getrandbits($k) seed=$seed', (l) => {
    const r = rngFor(l.seed);
    const got = Array.from({ length: l.count as number }, () => r.getrandbits(l.k as number));
    expect(asStrings(got)).toEqual(asStrings(l.values as unknown[]));
  });

  it.each(byKind('randint'))('randint($a, $b) seed=$seed', (l) => {
    const r = rngFor(l.seed);
    const a = BigInt(l.a as number | string);
    const b = BigInt(l.b as number | string);
    const got = Array.from({ length: l.count as number }, () => r.randint(a, b));
    expect(asStrings(got)).toEqual(asStrings(l.values as unknown[]));
  });

  it.each(byKind('randint').filter((l) => BigInt(l.b as number | string) < 2n ** 53n))(
    'randint($a, $b) with numbers seed=$seed',
    (l) => {
      const r = rngFor(l.seed);
      const got = Array.from({ length: l.count as number }, () => r.randint(Number(l.a), Number(l.b)));
      expect(got).toEqual((l.values as unknown[]).map(Number));
    },
  );

  it.each(byKind('choice'))('choice(range($size)) seed=$seed', (l) => {
    const r = rngFor(l.seed);
    const seq = Array.from({ length: l.size as number }, (_, i) => i);
    expect(Array.from({ length: l.count as number }, () => r.choice(seq))).toEqual(l.values);
  });

  it.each(byKind('shuffle'))('shuffle(range($k)) seed=$seed', (l) => {
    const r = rngFor(l.seed);
    const x = Array.from({ length: l.k as number }, (_, i) => i);
    r.shuffle(x);
    expect(x).toEqual(l.result);
  });

  it.each(byKind('sample'))('sample(range($n), $k) seed=$seed', (l) => {
    const r = rngFor(l.seed);
    const pop = Array.from({ length: l.n as number }, (_, i) => i);
    expect(r.sample(pop, l.k as number)).toEqual(l.result);
  });

  it.each(byKind('sequence'))('interleaved sequence seed=$seed', (l) => {
    const r = rngFor(l.seed);
    for (const call of l.calls as Record<string, unknown>[]) {
      let got: unknown;
      switch (call.op) {
        case 'random':
          got = r.random();
          break;
        case 'getrandbits':
          got = Number(r.getrandbits(call.k as number));
          break;
        case 'randint':
          got = r.randint(call.a as number, call.b as number);
          break;
        case 'choice':
          got = r.choice(Array.from({ length: call.size as number }, (_, i) => i));
          break;
        case 'shuffle': {
          const x = Array.from({ length: call.k as number }, (_, i) => i);
          r.shuffle(x);
          got = x;
          break;
        }
        case 'sample':
          got = r.sample(
            Array.from({ length: call.n as number }, (_, i) => i),
            call.k as number,
          );
          break;
        default:
          throw new Error(`unknown op ${String(call.op)}`);
      }
      expect(got, JSON.stringify(call)).toEqual(call.result);
    }
  });

  it('rejects bad arguments like Python', () => {
    const r = new PythonRandom(1);
    expect(() => r.choice([])).toThrow('Cannot choose from an empty sequence');
    expect(() => r.sample([1, 2], 3)).toThrow('Sample larger than population or is negative');
    expect(() => r.randrange(5, 5)).toThrow('empty range for randrange() (5, 5, 0)');
    expect(() => r.seed(1.5)).toThrow(TypeError);
  });

  it('randrange with a step matches a hand-derived value', () => {
    // randrange(0, 10, 3) draws _randbelow(4); for the same stream randbelow(4) gives the index.
    const a = new PythonRandom(42);
    const b = new PythonRandom(42);
    expect(a.randrange(0, 10, 3)).toBe(3 * b.randbelow(4));
    expect(a.randrange(10, 0, -2)).toBe(10 - 2 * b.randbelow(5));
  });
});
