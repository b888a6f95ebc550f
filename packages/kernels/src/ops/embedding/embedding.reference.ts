import { dequantizeInt4Reference, type Int4Weight } from '../matmul-int4/matmul-int4.reference.js';

/** A CPU int8 table: `[V, H]` signed bytes packed 4 per u32 word (little-endian) and `[V, H/G]` scales. */
export interface Int8Table {
  /** Packed bytes, `V * H / 4` words. */
  qweight: Uint32Array;
  /** `[V, H/G]` scales. */
  scales: Float32Array;
  /** Vocabulary size (rows). */
  V: number;
  /** Hidden size (columns; a multiple of `groupSize`). */
  H: number;
  /** Quantisation group size G along H. */
  groupSize: number;
}

/** Symmetric per-group int8 quantisation of a `[V, H]` table: `scale = max|w| / 127`, `q = round(w / scale)`. */
export function quantizeInt8(w: ArrayLike<number>, V: number, H: number, groupSize = 32): Int8Table {
  if (H % groupSize !== 0 || groupSize % 4 !== 0) {
    throw new TypeError(
      `quantizeInt8: H (${H}) must be a multiple of groupSize (${groupSize}), itself a multiple of 4`,
    );
  }
  if (w.length !== V * H) {
    throw new TypeError(`quantizeInt8: w has ${w.length} values, but a [${V}, ${H}] table needs ${V * H}`);
  }
  const bytes = new Int8Array(V * H);
  const groups = H / groupSize;
  const scales = new Float32Array(V * groups);
  for (let v = 0; v < V; v++) {
    for (let g = 0; g < groups; g++) {
      let amax = 0;
      for (let i = 0; i < groupSize; i++) {
        amax = Math.max(amax, Math.abs(w[v * H + g * groupSize + i] as number));
      }
      const scale = Math.fround(amax / 127);
      scales[v * groups + g] = scale;
      for (let i = 0; i < groupSize; i++) {
        const k = v * H + g * groupSize + i;
        bytes[k] = scale === 0 ? 0 : Math.max(-127, Math.min(127, Math.round((w[k] as number) / scale)));
      }
    }
  }
  return { qweight: new Uint32Array(bytes.buffer), scales, V, H, groupSize };
}

/** The float `[V, H]` table an {@link Int8Table} stands for. */
export function dequantizeInt8Reference(t: Int8Table): Float32Array {
  const bytes = new Int8Array(t.qweight.buffer, t.qweight.byteOffset, t.V * t.H);
  const out = new Float32Array(t.V * t.H);
  for (let i = 0; i < out.length; i++) {
    const v = Math.floor(i / t.H);
    const h = i % t.H;
    out[i] =
      (bytes[i] as number) * (t.scales[v * (t.H / t.groupSize) + Math.floor(h / t.groupSize)] as number);
  }
  return out;
}

/** CPU reference of the gather: rows of a dense `[V, H]` table (ids out of range give zeros). */
export function embeddingReference(
  ids: ArrayLike<number>,
  table: ArrayLike<number>,
  V: number,
  H: number,
): Float32Array {
  const out = new Float32Array(ids.length * H);
  for (let t = 0; t < ids.length; t++) {
    const v = ids[t] as number;
    if (v < 0 || v >= V) {
      continue;
    }
    for (let h = 0; h < H; h++) {
      out[t * H + h] = table[v * H + h] as number;
    }
  }
  return out;
}

/** Gather from an int4 table (MatMulNBits layout, rows = vocabulary). */
export function embeddingInt4Reference(ids: ArrayLike<number>, table: Int4Weight): Float32Array {
  return embeddingReference(ids, dequantizeInt4Reference(table), table.N, table.K);
}
