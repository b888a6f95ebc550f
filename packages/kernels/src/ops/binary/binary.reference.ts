/** CPU reference of {@link createBinary}: `a[i] OP b[i % b.length]`, rounded to f32. */
export function binaryReference(op: 'add' | 'mul', a: ArrayLike<number>, b: ArrayLike<number>): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i % b.length] as number;
    out[i] = op === 'add' ? x + y : x * y;
  }
  return out;
}
