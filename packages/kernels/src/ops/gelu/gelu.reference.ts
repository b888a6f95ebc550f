/** GELU flavours: exact (erf), tanh approximation, and quick_gelu `x * sigmoid(1.702 x)`. */
export type GeluVariant = 'erf' | 'tanh' | 'quick';

/** erf by its Maclaurin series / continued fraction (float64, |error| < 1e-12), independent of the GPU formula. */
export function erf(x: number): number {
  const a = Math.abs(x);
  if (a < 2.5) {
    // Maclaurin: erf x = 2/sqrt(pi) * sum (-1)^n x^(2n+1) / (n! (2n+1))
    let term = a;
    let sum = a;
    for (let n = 1; n < 60; n++) {
      term *= (-a * a) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * ((2 / Math.sqrt(Math.PI)) * sum);
  }
  // erfc continued fraction (Lentz) for large |x|
  let f = a;
  let C = a;
  let D = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    D = a + an * D;
    D = 1 / D;
    C = a + an / C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) {
      break;
    }
  }
  const erfc = Math.exp(-a * a) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** CPU reference of {@link createGelu} in float64, rounded to f32. */
export function geluReference(x: ArrayLike<number>, variant: GeluVariant = 'erf'): Float32Array {
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i] as number;
    if (variant === 'erf') {
      out[i] = 0.5 * v * (1 + erf(v / Math.SQRT2));
    } else if (variant === 'tanh') {
      out[i] = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
    } else {
      out[i] = v / (1 + Math.exp(-1.702 * v));
    }
  }
  return out;
}
