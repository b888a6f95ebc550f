/** Group sizes supported by the int4 ops (along K). */
export const INT4_GROUP_SIZES: readonly number[] = [32, 64, 128];

/** A CPU-side int4 weight in the MatMulNBits layout (see matmul-int4.wgsl): `W[n,k] = (q - 8) * scale`. */
export interface Int4Weight {
  /** `[N, K/8]` u32 words, nibble `k % 8` of word `n*K/8 + k/8` (low nibble first in little-endian bytes). */
  qweight: Uint32Array;
  /** `[N, K/G]` f32 scales. */
  scales: Float32Array;
  /** Output features (rows of the weight). */
  N: number;
  /** Input features (a multiple of `groupSize`). */
  K: number;
  /** Quantisation group size G along K (32, 64 or 128). */
  groupSize: number;
}

/**
 * Symmetric per-group 4-bit quantisation of a row-major `[N, K]` weight: per group of `groupSize` values along
 * K, `scale = max|w| / 7` and `q = clamp(round(w / scale) + 8, 0, 15)` (`scale = 0`, `q = 8` for all-zero
 * groups). `groupSize` is 32, 64 or 128 (default 32; {@link INT4_GROUP_SIZES}) and must divide `K`; `w` must hold
 * exactly `N·K` finite numbers. Bad arguments throw a TypeError here, not later at upload or run.
 */
export function quantizeInt4(w: ArrayLike<number>, N: number, K: number, groupSize = 32): Int4Weight {
  if (!INT4_GROUP_SIZES.includes(groupSize)) {
    throw new TypeError(
      `quantizeInt4: groupSize, when provided, must be ${INT4_GROUP_SIZES.join(', ')}, got ${JSON.stringify(groupSize)}`,
    );
  }
  for (const [name, v] of [
    ['N', N],
    ['K', K],
  ] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
      throw new TypeError(`quantizeInt4: ${name} must be a positive integer, got ${JSON.stringify(v)}`);
    }
  }
  if (K % groupSize !== 0) {
    throw new TypeError(`quantizeInt4: K (${K}) must be a multiple of groupSize (${groupSize})`);
  }
  if (w.length !== N * K) {
    throw new TypeError(`quantizeInt4: w has ${w.length} values, but an [${N}, ${K}] weight needs ${N * K}`);
  }
  const groups = K / groupSize;
  const qweight = new Uint32Array((N * K) / 8);
  const scales = new Float32Array(N * groups);
  for (let n = 0; n < N; n++) {
    for (let g = 0; g < groups; g++) {
      let amax = 0;
      for (let i = 0; i < groupSize; i++) {
        const v = w[n * K + g * groupSize + i] as number;
        if (!Number.isFinite(v)) {
          throw new TypeError(`quantizeInt4: w[${n * K + g * groupSize + i}] is ${v}, not a finite number`);
        }
        amax = Math.max(amax, Math.abs(v));
      }
      const scale = Math.fround(amax / 7);
      scales[n * groups + g] = scale;
      for (let i = 0; i < groupSize; i++) {
        const k = g * groupSize + i;
        const q =
          scale === 0 ? 8 : Math.min(15, Math.max(0, Math.round((w[n * K + k] as number) / scale) + 8));
        const word = (n * K + k) >> 3;
        qweight[word] = ((qweight[word] as number) | (q << (4 * (k & 7)))) >>> 0;
      }
    }
  }
  return { qweight, scales, N, K, groupSize };
}

/** CPU reference of dequantisation: the `[N, K]` float weight `(q - 8) * scale`. */
export function dequantizeInt4Reference(w: Int4Weight): Float32Array {
  const { qweight, scales, N, K, groupSize } = w;
  const out = new Float32Array(N * K);
  for (let n = 0; n < N; n++) {
    for (let k = 0; k < K; k++) {
      const q = ((qweight[(n * K + k) >> 3] as number) >>> (4 * (k & 7))) & 0xf;
      out[n * K + k] = (q - 8) * (scales[n * (K / groupSize) + Math.floor(k / groupSize)] as number);
    }
  }
  return out;
}
