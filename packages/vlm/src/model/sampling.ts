/** How the next token is chosen. Greedy unless `doSample`. */
export interface SamplingOptions {
  /** Sample instead of taking the argmax. Default: false. */
  doSample?: boolean;
  /** Softmax temperature (> 0). Default: 1. */
  temperature?: number;
  /** Keep the k most likely tokens (0 = all). Default: 0. */
  topK?: number;
  /** Keep the smallest set whose probability reaches p (1 = all). Default: 1. */
  topP?: number;
  /** Seed of the sampler's PRNG, for reproducible sampling. Default: 0. */
  seed?: number;
}

/** A small deterministic PRNG (mulberry32) returning floats in [0, 1). */
export function createRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index of the largest logit (the first one on ties, like `torch.argmax`). */
export function argmax(logits: Float32Array, offset = 0, length = logits.length - offset): number {
  let best = 0;
  let max = -Infinity;
  for (let i = 0; i < length; i++) {
    const v = logits[offset + i] as number;
    if (v > max) {
      max = v;
      best = i;
    }
  }
  return best;
}

/** Validates sampling options at the public boundary. */
export function validateSampling(o: SamplingOptions): void {
  if (o.temperature !== undefined && !(o.temperature > 0)) {
    throw new TypeError('`temperature`, when provided, must be a positive number.');
  }
  if (o.topK !== undefined && !(Number.isInteger(o.topK) && o.topK >= 0)) {
    throw new TypeError('`topK`, when provided, must be a non-negative integer.');
  }
  if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) {
    throw new TypeError('`topP`, when provided, must be in (0, 1].');
  }
}

/**
 * Picks the next token from one row of logits: argmax, or temperature → top-k → top-p (HF warper order) sampling.
 */
export function pickToken(
  logits: Float32Array,
  offset: number,
  vocab: number,
  o: SamplingOptions,
  rng: () => number,
): number {
  if (!o.doSample) {
    return argmax(logits, offset, vocab);
  }
  const temp = o.temperature ?? 1;
  const k = o.topK && o.topK > 0 ? Math.min(o.topK, vocab) : vocab;
  let idx: number[];
  if (k < vocab && k <= 1024) {
    // Partial selection: keep the k largest in a descending array (ties: lower index first, like a stable sort).
    idx = [];
    let floor = -Infinity;
    for (let i = 0; i < vocab; i++) {
      const v = logits[offset + i] as number;
      if (idx.length === k && !(v > floor)) {
        continue;
      }
      let j = idx.length === k ? k - 1 : idx.length;
      while (j > 0 && (logits[offset + (idx[j - 1] as number)] as number) < v) {
        idx[j] = idx[j - 1] as number;
        j--;
      }
      idx[j] = i;
      if (idx.length > k) {
        idx.length = k;
      }
      floor = logits[offset + (idx[idx.length - 1] as number)] as number;
    }
  } else {
    idx = Array.from({ length: vocab }, (_, i) => i);
    idx.sort((a, b) => (logits[offset + b] as number) - (logits[offset + a] as number));
  }
  const max = (logits[offset + (idx[0] as number)] as number) / temp;
  const probs: number[] = [];
  let sum = 0;
  for (let i = 0; i < k; i++) {
    const p = Math.exp((logits[offset + (idx[i] as number)] as number) / temp - max);
    probs.push(p);
    sum += p;
  }
  const topP = o.topP ?? 1;
  let keep = probs.length;
  if (topP < 1) {
    let acc = 0;
    for (let i = 0; i < probs.length; i++) {
      acc += (probs[i] as number) / sum;
      if (acc >= topP) {
        keep = i + 1;
        break;
      }
    }
  }
  let kept = 0;
  for (let i = 0; i < keep; i++) {
    kept += probs[i] as number;
  }
  let r = rng() * kept;
  for (let i = 0; i < keep; i++) {
    r -= probs[i] as number;
    if (r < 0) {
      return idx[i] as number;
    }
  }
  return idx[keep - 1] as number;
}
