import { Mt19937 } from './mt19937.js';

/** An integer argument: a safe-integer `number` or a `bigint` of any size. */
export type PyInt = number | bigint;

const TWO_POW_32 = 0x1_0000_0000;

function toBigInt(name: string, value: PyInt): bigint {
  if (typeof value === 'bigint') {
    return value;
  }
  if (!Number.isSafeInteger(value)) {
    throw new TypeError(`${name} must be a safe integer or a bigint, got ${String(value)}.`);
  }
  return BigInt(value);
}

function bitLength(n: bigint): number {
  return n === 0n ? 0 : n.toString(2).length;
}

/** Python's floor division for bigints (BigInt `/` truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * A port of CPython's `random.Random` (3.11) for integer seeds: the same MT19937 stream, the same
 * `random()`, `getrandbits`, `_randbelow` rejection sampling, and the same `randrange`, `randint`, `choice`,
 * `shuffle` and `sample` algorithms (including `sample`'s pool-based and set-based branches), so a seeded run
 * reproduces a Python run value for value.
 *
 * @example
 * ```ts
 * const rng = new PythonRandom(0);
 * rng.random(); // 0.8444218515250481, like random.Random(0).random()
 * ```
 */
export class PythonRandom {
  readonly #mt = new Mt19937();

  /** Seeds like `random.Random(seed)`. Without a seed the state is seeded from 0; call {@link seed}. */
  constructor(seed: PyInt = 0) {
    this.seed(seed);
  }

  /**
   * Re-seeds like `random.seed(a)` for an int `a`: the absolute value is split into 32-bit words (least
   * significant first, at least one) and fed to `init_by_array`.
   */
  seed(a: PyInt): void {
    let n = toBigInt('seed', a);
    if (n < 0n) {
      n = -n;
    }
    const key: number[] = [];
    while (n > 0n) {
      key.push(Number(n & 0xffffffffn));
      n >>= 32n;
    }
    if (key.length === 0) {
      key.push(0);
    }
    this.#mt.initByArray(key);
  }

  /** A copy of the generator state: the 624 words and the index (624 right after seeding). */
  getState(): { mt: number[]; index: number } {
    return { mt: Array.from(this.#mt.mt), index: this.#mt.index };
  }

  /** A float in [0, 1) with 53 random bits, like `random.random()`. */
  random(): number {
    const a = this.#mt.next() >>> 5;
    const b = this.#mt.next() >>> 6;
    return (a * 67108864 + b) * (1 / 9007199254740992);
  }

  /** A non-negative bigint with `k` random bits, like `random.getrandbits(k)`. */
  getrandbits(k: number): bigint {
    if (!Number.isInteger(k) || k < 0) {
      throw new RangeError(`k must be a non-negative integer, got ${k}.`);
    }
    if (k <= 32) {
      return k === 0 ? 0n : BigInt(this.#mt.next() >>> (32 - k));
    }
    let result = 0n;
    let shift = 0n;
    for (let left = k; left > 0; left -= 32) {
      let r = this.#mt.next();
      if (left < 32) {
        r >>>= 32 - left;
      }
      result |= BigInt(r) << shift;
      shift += 32n;
    }
    return result;
  }

  /** An integer in [0, n) by rejection sampling on `n.bit_length()` bits (`_randbelow_with_getrandbits`). */
  randbelow(n: number): number {
    if (!Number.isSafeInteger(n) || n <= 0) {
      throw new RangeError(`n must be a positive safe integer, got ${n}.`);
    }
    if (n < TWO_POW_32) {
      // k = n.bit_length() <= 32, and getrandbits(k) is one output shifted right by 32 - k = clz32(n).
      const shift = Math.clz32(n);
      let r = this.#mt.next() >>> shift;
      while (r >= n) {
        r = this.#mt.next() >>> shift;
      }
      return r;
    }
    return Number(this.randbelowBig(BigInt(n)));
  }

  /** {@link randbelow} for bigints of any size. */
  randbelowBig(n: bigint): bigint {
    if (n <= 0n) {
      throw new RangeError(`n must be positive, got ${n}.`);
    }
    const k = bitLength(n);
    let r = this.getrandbits(k);
    while (r >= n) {
      r = this.getrandbits(k);
    }
    return r;
  }

  /**
   * Like `random.randrange(start, stop, step)`. Returns a `number` when every argument is a `number`
   * (and the result is safe), otherwise a `bigint`.
   */
  randrange(start: PyInt, stop?: PyInt, step: PyInt = 1): PyInt {
    const asNumber = typeof start === 'number' && (stop === undefined || typeof stop === 'number');
    const istart = toBigInt('start', start);
    const istep = toBigInt('step', step);
    let result: bigint;
    if (stop === undefined) {
      if (istep !== 1n) {
        throw new TypeError('Missing a non-None stop argument');
      }
      if (istart > 0n) {
        result = this.#below(istart);
      } else {
        throw new RangeError('empty range for randrange()');
      }
    } else {
      const istop = toBigInt('stop', stop);
      const width = istop - istart;
      if (istep === 1n) {
        if (width > 0n) {
          result = istart + this.#below(width);
        } else {
          throw new RangeError(`empty range for randrange() (${istart}, ${istop}, ${width})`);
        }
      } else {
        let n: bigint;
        if (istep > 0n) {
          n = floorDiv(width + istep - 1n, istep);
        } else if (istep < 0n) {
          n = floorDiv(width + istep + 1n, istep);
        } else {
          throw new RangeError('zero step for randrange()');
        }
        if (n <= 0n) {
          throw new RangeError('empty range for randrange()');
        }
        result = istart + istep * this.#below(n);
      }
    }
    return asNumber && typeof step === 'number' ? Number(result) : result;
  }

  /** Like `random.randint(a, b)`: an integer in [a, b], both ends included. */
  randint(a: number, b: number): number;
  randint(a: PyInt, b: PyInt): PyInt;
  randint(a: PyInt, b: PyInt): PyInt {
    if (typeof a === 'number' && typeof b === 'number') {
      return this.randrange(a, b + 1);
    }
    return this.randrange(toBigInt('a', a), toBigInt('b', b) + 1n);
  }

  /** Like `random.choice(seq)`; throws `RangeError` for an empty sequence. */
  choice<T>(seq: readonly T[]): T {
    if (seq.length === 0) {
      throw new RangeError('Cannot choose from an empty sequence');
    }
    return seq[this.randbelow(seq.length)] as T;
  }

  /** Shuffles `x` in place like `random.shuffle(x)` (Fisher-Yates from the end). */
  shuffle<T>(x: T[]): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.randbelow(i + 1);
      const t = x[i] as T;
      x[i] = x[j] as T;
      x[j] = t;
    }
  }

  /**
   * Like `random.sample(population, k)`: `k` distinct positions, in selection order. Uses the pool-based
   * algorithm when `n <= 21 + 4 ** ceil(log(3k, 4))` (the second term only when `k > 5`), the set-based
   * one otherwise, exactly as CPython decides.
   */
  sample<T>(population: readonly T[], k: number): T[] {
    const n = population.length;
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError('Sample larger than population or is negative');
    }
    const result = new Array<T>(k);
    let setsize = 21;
    if (k > 5) {
      setsize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    }
    if (n <= setsize) {
      const pool = population.slice();
      for (let i = 0; i < k; i++) {
        const j = this.randbelow(n - i);
        result[i] = pool[j] as T;
        pool[j] = pool[n - i - 1] as T;
      }
    } else {
      const selected = new Set<number>();
      for (let i = 0; i < k; i++) {
        let j = this.randbelow(n);
        while (selected.has(j)) {
          j = this.randbelow(n);
        }
        selected.add(j);
        result[i] = population[j] as T;
      }
    }
    return result;
  }

  #below(n: bigint): bigint {
    return n <= BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(this.randbelow(Number(n))) : this.randbelowBig(n);
  }
}
