/** Shape and masking of an attention call. */
export interface AttentionShape {
  /** Queries. */
  Lq: number;
  /** Query heads. */
  Hq: number;
  /** Key/value heads (divides Hq: grouped-query attention). */
  Hkv: number;
  /** Head dim. */
  D: number;
  /** Mask keys after the query's position. */
  causal: boolean;
  /** Score scale. Default `1 / sqrt(D)`. */
  scale?: number;
  /** Segment boundaries over the (query = key) index space, `[0, …, Lq]`: block-diagonal attention. */
  cuSeqlens?: readonly number[];
  /** Keys already in the cache before these queries (decode); query i sits at position pastLen + i. */
  pastLen?: number;
}

/**
 * CPU reference (float64, rounded to f32). q `[Lq, Hq, D]`; k, v token-major `[pastLen + Lq, Hkv, D]` (all
 * keys, cached ones first). Returns `[Lq, Hq, D]`; a query with no visible key gives zeros.
 */
export function attentionReference(
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  s: AttentionShape,
): Float32Array {
  const { Lq, Hq, Hkv, D, causal } = s;
  const scale = s.scale ?? 1 / Math.sqrt(D);
  const past = s.pastLen ?? 0;
  const total = past + Lq;
  const out = new Float32Array(Lq * Hq * D);
  const group = Hq / Hkv;
  for (let i = 0; i < Lq; i++) {
    let lo = 0;
    let hi = total;
    let pos = past + i;
    if (s.cuSeqlens) {
      const cu = s.cuSeqlens;
      for (let seg = 0; seg + 1 < cu.length; seg++) {
        if (i >= (cu[seg] as number) && i < (cu[seg + 1] as number)) {
          lo = cu[seg] as number;
          hi = cu[seg + 1] as number;
        }
      }
      pos = i;
    }
    if (causal) {
      hi = Math.min(hi, pos + 1);
    }
    for (let h = 0; h < Hq; h++) {
      const g = Math.floor(h / group);
      const scores: number[] = [];
      let m = -Infinity;
      for (let j = lo; j < hi; j++) {
        let dot = 0;
        for (let d = 0; d < D; d++) {
          dot += (q[(i * Hq + h) * D + d] as number) * (k[(j * Hkv + g) * D + d] as number);
        }
        scores.push(dot * scale);
        m = Math.max(m, dot * scale);
      }
      let sum = 0;
      const ps = scores.map((x) => {
        const e = Math.exp(x - m);
        sum += e;
        return e;
      });
      for (let d = 0; d < D; d++) {
        let acc = 0;
        for (let j = lo; j < hi; j++) {
          acc += (ps[j - lo] as number) * (v[(j * Hkv + g) * D + d] as number);
        }
        out[(i * Hq + h) * D + d] = sum > 0 ? acc / sum : 0;
      }
    }
  }
  return out;
}
