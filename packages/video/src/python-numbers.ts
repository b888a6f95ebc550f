/**
 * Python numeric semantics that the qwen-vl-utils port needs: `round()` (half to even), `repr(float)` for error
 * messages, and torch's float32 `linspace`. Internal; not exported from the package barrel.
 */

/** Python 3 `round(x)` on a double: nearest integer, ties to even. */
export function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f; // exact for |x| < 2^52
  if (d < 0.5) {
    return f;
  }
  if (d > 0.5) {
    return f + 1;
  }
  return f % 2 === 0 ? f : f + 1;
}

/** Python `repr()` of a float (`201.0`, `200.5`, `1e+16`), for error messages that must match Python's. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) {
    return 'nan';
  }
  if (!Number.isFinite(x)) {
    return x > 0 ? 'inf' : '-inf';
  }
  if (x === 0) {
    return Object.is(x, -0) ? '-0.0' : '0.0';
  }
  const abs = Math.abs(x);
  if (abs >= 1e16 || abs < 1e-4) {
    // JS: 1.5e+17 / 1e-5; Python pads the exponent to two digits: 1.5e+17 / 1e-05.
    return x.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
  }
  const s = String(x);
  return Number.isInteger(x) ? `${s}.0` : s;
}

/**
 * `torch.linspace(start=0, end=last, steps=n)` in float32 as torch 2.x computes it on CPU: the step is
 * `fround(fround(last) / (n - 1))`; the first half counts up from 0 and the second half counts down from `last`,
 * each value rounded once to float32. Returns the float32 values as doubles.
 */
export function linspaceF32(last: number, n: number): number[] {
  if (n === 1) {
    return [0];
  }
  const end = Math.fround(last);
  const step = Math.fround(end / (n - 1));
  const half = Math.floor(n / 2);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    out[i] = i < half ? Math.fround(step * i) : Math.fround(end - step * (n - 1 - i));
  }
  return out;
}
