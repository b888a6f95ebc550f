/** CPU reference of `silu(gate) * up` (float64, rounded to f32). */
export function siluMulReference(gate: ArrayLike<number>, up: ArrayLike<number>): Float32Array {
  const out = new Float32Array(gate.length);
  for (let i = 0; i < gate.length; i++) {
    const g = gate[i] as number;
    out[i] = (g / (1 + Math.exp(-g))) * (up[i] as number);
  }
  return out;
}

/** Splits fused `[rows, 2*I]` gate|up rows into separate gate and up arrays. */
export function splitGateUp(gateUp: ArrayLike<number>, I: number): { gate: Float32Array; up: Float32Array } {
  const rows = gateUp.length / (2 * I);
  const gate = new Float32Array(rows * I);
  const up = new Float32Array(rows * I);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < I; c++) {
      gate[r * I + c] = gateUp[r * 2 * I + c] as number;
      up[r * I + c] = gateUp[r * 2 * I + I + c] as number;
    }
  }
  return { gate, up };
}
