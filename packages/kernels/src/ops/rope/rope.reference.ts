/** RoPE modes: plain text RoPE, Qwen2-VL multimodal RoPE (3 position rows), Qwen2-VL ViT 2-D rotary (2 rows). */
export type RopeMode = 'text' | 'mrope' | 'vision';

/** Qwen2-VL / Qwen2.5-VL `mrope_section` for head_dim 128. */
export const QWEN2_VL_MROPE_SECTION: readonly [number, number, number] = [16, 24, 24];

/**
 * The f32 inverse frequencies as HF computes them: `1 / theta^(arange(0, dim, 2) / dim)` in float32, where
 * `dim` is the head dim for text/mrope and half the head dim for the vision rotary. Length `dim / 2`.
 */
export function ropeInvFreq(mode: RopeMode, headDim: number, theta: number): Float32Array {
  const dim = mode === 'vision' ? headDim / 2 : headDim;
  const out = new Float32Array(dim / 2);
  for (let j = 0; j < dim / 2; j++) {
    const e = Math.fround((2 * j) / dim);
    out[j] = Math.fround(1 / Math.fround(Math.pow(theta, e)));
  }
  return out;
}

/**
 * Sections (frequency counts per position row, summing to headDim / 2) for a mode: text `[D/2]`, mrope the
 * given `mropeSection`, vision `[D/4, D/4]`.
 */
export function ropeSections(
  mode: RopeMode,
  headDim: number,
  mropeSection: readonly number[] = QWEN2_VL_MROPE_SECTION,
): number[] {
  if (mode === 'text') {
    return [headDim / 2];
  }
  if (mode === 'vision') {
    return [headDim / 4, headDim / 4];
  }
  return [...mropeSection];
}

/** Shape and mode of a RoPE application. */
export interface RopeShape {
  /** Tokens. */
  L: number;
  /** Heads. */
  H: number;
  /** Head dim (even). */
  D: number;
  mode: RopeMode;
  /** Base. Default 1e6 (Qwen2 text); the ViT uses 1e4. */
  theta: number;
  /** mRoPE sections; default [16, 24, 24]. */
  mropeSection?: readonly number[];
}

/**
 * CPU reference: x `[L, H, D]`, positions `[P, L]` (P = 1, 3 or 2 by mode). Angles are `f32(pos) * invFreq`
 * rounded to f32 as in HF; cos/sin and the rotation in float64, rounded to f32.
 */
export function ropeReference(
  x: ArrayLike<number>,
  positions: ArrayLike<number>,
  s: RopeShape,
): Float32Array {
  const { L, H, D, mode } = s;
  const half = D / 2;
  const inv = ropeInvFreq(mode, D, s.theta);
  const sections = ropeSections(mode, D, s.mropeSection);
  const out = new Float32Array(L * H * D);
  for (let t = 0; t < L; t++) {
    for (let h = 0; h < H; h++) {
      const base = (t * H + h) * D;
      for (let j = 0; j < half; j++) {
        let row = 0;
        let start = 0;
        while (row < sections.length - 1 && j >= start + (sections[row] as number)) {
          start += sections[row] as number;
          row++;
        }
        const f = mode === 'vision' ? j - start : j;
        const angle = Math.fround(Math.fround(positions[row * L + t] as number) * (inv[f] as number));
        const c = Math.cos(angle);
        const sn = Math.sin(angle);
        const x1 = x[base + j] as number;
        const x2 = x[base + j + half] as number;
        out[base + j] = x1 * c - x2 * sn;
        out[base + j + half] = x2 * c + x1 * sn;
      }
    }
  }
  return out;
}
