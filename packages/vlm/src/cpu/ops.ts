// CPU reference ops on float32 arrays. Every accumulation runs in float64 (JS numbers) and rounds once on store,
// so these are at least as accurate as the float32 op sequence of transformers' eager path.

/** `y[r, o] = Σ_i x[r, i] · w[o, i] (+ b[o])`: a torch `Linear` with weight `[outDim, inDim]`. */
export function linear(
  x: Float32Array,
  rows: number,
  inDim: number,
  w: Float32Array,
  outDim: number,
  bias?: Float32Array,
): Float32Array {
  const y = new Float32Array(rows * outDim);
  for (let r = 0; r < rows; r++) {
    const xo = r * inDim;
    const yo = r * outDim;
    for (let o = 0; o < outDim; o++) {
      const wo = o * inDim;
      let s0 = 0;
      let s1 = 0;
      let i = 0;
      for (; i + 1 < inDim; i += 2) {
        s0 += (x[xo + i] as number) * (w[wo + i] as number);
        s1 += (x[xo + i + 1] as number) * (w[wo + i + 1] as number);
      }
      if (i < inDim) {
        s0 += (x[xo + i] as number) * (w[wo + i] as number);
      }
      y[yo + o] = s0 + s1 + (bias ? (bias[o] as number) : 0);
    }
  }
  return y;
}

/** RMSNorm over rows of width `dim`: `x / sqrt(mean(x²) + eps) · weight`. */
export function rmsNorm(x: Float32Array, dim: number, weight: Float32Array, eps: number): Float32Array {
  const rows = x.length / dim;
  const y = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let ss = 0;
    for (let i = 0; i < dim; i++) {
      const v = x[o + i] as number;
      ss += v * v;
    }
    const inv = 1 / Math.sqrt(ss / dim + eps);
    for (let i = 0; i < dim; i++) {
      y[o + i] = (x[o + i] as number) * inv * (weight[i] as number);
    }
  }
  return y;
}

/** LayerNorm over rows of width `dim` (biased variance, like torch). */
export function layerNorm(
  x: Float32Array,
  dim: number,
  weight: Float32Array,
  bias: Float32Array,
  eps: number,
): Float32Array {
  const rows = x.length / dim;
  const y = new Float32Array(x.length);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mean = 0;
    for (let i = 0; i < dim; i++) {
      mean += x[o + i] as number;
    }
    mean /= dim;
    let v = 0;
    for (let i = 0; i < dim; i++) {
      const d = (x[o + i] as number) - mean;
      v += d * d;
    }
    const inv = 1 / Math.sqrt(v / dim + eps);
    for (let i = 0; i < dim; i++) {
      y[o + i] = ((x[o + i] as number) - mean) * inv * (weight[i] as number) + (bias[i] as number);
    }
  }
  return y;
}

/** In place `a += b`. */
export function addInPlace(a: Float32Array, b: Float32Array): void {
  for (let i = 0; i < a.length; i++) {
    a[i] = (a[i] as number) + (b[i] as number);
  }
}

/** Error function, accurate to ~1e-12 (Taylor series below 4, ±1 beyond where erfc < 2e-8). */
export function erf(x: number): number {
  const z = Math.abs(x);
  if (z >= 4) {
    return Math.sign(x);
  }
  let term = z;
  let sum = z;
  const z2 = z * z;
  for (let n = 1; n < 100; n++) {
    term *= -z2 / n;
    const add = term / (2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) {
      break;
    }
  }
  return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
}

/** Activation functions used by Qwen2/2.5-VL. */
export type Activation = 'silu' | 'gelu' | 'quick_gelu';

/** Applies an activation elementwise, in place. */
export function activateInPlace(x: Float32Array, act: Activation): void {
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (act === 'silu') {
      x[i] = v / (1 + Math.exp(-v));
    } else if (act === 'gelu') {
      x[i] = 0.5 * v * (1 + erf(v / Math.SQRT2));
    } else {
      x[i] = v / (1 + Math.exp(-1.702 * v));
    }
  }
}

/** Gated MLP: `down(act(gate(x)) · up(x))`. */
export function gatedMlp(
  x: Float32Array,
  rows: number,
  dim: number,
  inter: number,
  w: {
    gate: Float32Array;
    up: Float32Array;
    down: Float32Array;
    gateB?: Float32Array;
    upB?: Float32Array;
    downB?: Float32Array;
  },
  act: Activation,
): Float32Array {
  const g = linear(x, rows, dim, w.gate, inter, w.gateB);
  const u = linear(x, rows, dim, w.up, inter, w.upB);
  activateInPlace(g, act);
  for (let i = 0; i < g.length; i++) {
    g[i] = (g[i] as number) * (u[i] as number);
  }
  return linear(g, rows, inter, w.down, dim, w.downB);
}

/**
 * Applies rotate-half RoPE to one head vector in place: `v·cos + rotate_half(v)·sin`, where
 * `rotate_half([a, b]) = [-b, a]`. `cos`/`sin` have `headDim` entries starting at `co`.
 */
export function ropeInPlace(
  v: Float32Array,
  vo: number,
  headDim: number,
  cos: Float64Array | Float32Array,
  sin: Float64Array | Float32Array,
  co: number,
): void {
  const half = headDim / 2;
  for (let i = 0; i < half; i++) {
    const a = v[vo + i] as number;
    const b = v[vo + half + i] as number;
    v[vo + i] = a * (cos[co + i] as number) - b * (sin[co + i] as number);
    v[vo + half + i] = b * (cos[co + half + i] as number) + a * (sin[co + half + i] as number);
  }
}
