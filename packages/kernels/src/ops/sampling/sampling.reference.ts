/** CPU reference of argmax per row (smallest index among equal maxima). */
export function argmaxReference(logits: ArrayLike<number>, V: number): Uint32Array {
  const rows = logits.length / V;
  const out = new Uint32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = -Infinity;
    let bi = 0;
    for (let i = 0; i < V; i++) {
      const x = logits[r * V + i] as number;
      if (x > best) {
        best = x;
        bi = i;
      }
    }
    out[r] = bi;
  }
  return out;
}

/** Sampling parameters (HF generation config names in camelCase). */
export interface SamplingParams {
  /** Keep the k most likely tokens (1..256). */
  topK: number;
  /** Keep the smallest prefix whose mass reaches topP (1 = off). */
  topP: number;
  /** Softmax temperature (> 0). */
  temperature: number;
}

/** The kept candidates in rank order with their unnormalised probabilities (for tests and analysis). */
export function samplingDistribution(
  logits: ArrayLike<number>,
  params: SamplingParams,
): { index: number; weight: number }[] {
  const V = logits.length;
  const order = Array.from({ length: V }, (_, i) => i).sort(
    (a, b) => (logits[b] as number) - (logits[a] as number) || a - b,
  );
  const k = Math.max(1, Math.min(params.topK, V, 256));
  const top = order.slice(0, k);
  const x0 = logits[top[0] as number] as number;
  const weights = top.map((i) => Math.exp(((logits[i] as number) - x0) / Math.max(params.temperature, 1e-6)));
  const total = weights.reduce((a, b) => a + b, 0);
  const kept: { index: number; weight: number }[] = [];
  let mass = 0;
  for (let i = 0; i < k; i++) {
    if (i > 0 && mass >= params.topP * total) {
      break;
    }
    mass += weights[i] as number;
    kept.push({ index: top[i] as number, weight: weights[i] as number });
  }
  return kept;
}

/**
 * CPU reference of one draw: temperature, top-k, top-p (HF order), then the first kept token whose cumulative
 * weight exceeds `random * kept mass`.
 */
export function sampleReference(logits: ArrayLike<number>, params: SamplingParams, random: number): number {
  const kept = samplingDistribution(logits, params);
  const mass = kept.reduce((a, b) => a + b.weight, 0);
  let cum = 0;
  for (const c of kept) {
    cum += c.weight;
    if (cum > random * mass) {
      return c.index;
    }
  }
  return (kept[kept.length - 1] as { index: number }).index;
}
