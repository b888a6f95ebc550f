/**
 * IEEE-754 binary16 conversion on the CPU. Node 20 has no `Float16Array`, so f16 data on the CPU side is held as
 * raw bits in a `Uint16Array`.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Converts one number to its nearest f16 bit pattern (round to nearest even; overflow to ±Infinity). */
export function f32ToF16Bits(value: number): number {
  f32[0] = value;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) {
    return sign | 0x7c00 | (mant ? 0x200 : 0);
  }
  let e = exp - 127 + 15;
  if (e >= 0x1f) {
    return sign | 0x7c00;
  }
  if (e <= 0) {
    if (e < -10) {
      return sign;
    }
    mant |= 0x800000;
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    let r = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    if (rem > half || (rem === half && r & 1)) {
      r++;
    }
    return sign | r;
  }
  let r = mant >>> 13;
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && r & 1)) {
    r++;
    if (r === 0x400) {
      r = 0;
      e++;
      if (e >= 0x1f) {
        return sign | 0x7c00;
      }
    }
  }
  return sign | (e << 10) | r;
}

/** Converts an f16 bit pattern to a number. */
export function f16BitsToF32(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const mant = bits & 0x3ff;
  if (exp === 0) {
    return sign * mant * 2 ** -24;
  }
  if (exp === 0x1f) {
    return mant ? NaN : sign * Infinity;
  }
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** Converts an array of numbers to f16 bits. */
export function toF16Bits(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    out[i] = f32ToF16Bits(values[i] as number);
  }
  return out;
}

/** Converts f16 bits to a Float32Array. */
export function fromF16Bits(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    out[i] = f16BitsToF32(bits[i] as number);
  }
  return out;
}

/** Rounds every value through f16 and back (what storing in an f16 tensor does), as a Float32Array. */
export function roundToF16(values: ArrayLike<number>): Float32Array {
  return fromF16Bits(toF16Bits(values));
}
