// The JSON op cases (test/cases/<op>.json, written by scripts/make-op-cases.mjs from ONNX Runtime's CPU EP),
// loaded through static JSON imports so the same files run in Node and in the browser.
import attention from './cases/attention.json' with { type: 'json' };
import attentionDecode from './cases/attention-decode.json' with { type: 'json' };
import layernorm from './cases/layernorm.json' with { type: 'json' };
import matmul from './cases/matmul.json' with { type: 'json' };
import matmulInt4 from './cases/matmul-int4.json' with { type: 'json' };
import rmsnorm from './cases/rmsnorm.json' with { type: 'json' };
import softmax from './cases/softmax.json' with { type: 'json' };

export interface CaseTensor {
  name: string;
  type: 'float32' | 'uint8' | 'int32' | 'bool';
  dims: number[];
  data: number[];
}
export interface OpCase {
  name: string;
  attributes: Record<string, unknown>;
  inputs: CaseTensor[];
  outputs: CaseTensor[];
}
export interface OpCaseFile {
  name: string;
  operator: string;
  cases: OpCase[];
}

export const CASES = {
  matmul,
  'matmul-int4': matmulInt4,
  softmax,
  rmsnorm,
  layernorm,
  attention,
  'attention-decode': attentionDecode,
} as unknown as Record<string, OpCaseFile>;

export function input(c: OpCase, name: string): CaseTensor {
  const t = c.inputs.find((i) => i.name === name);
  if (!t) {
    throw new Error(`case ${c.name} has no input ${name}`);
  }
  return t;
}

/** The attention-decode case's keys/values as token-major [past + 1, Hkv, D] arrays (cached ones first). */
export function decodeKv(c: OpCase): {
  k: Float32Array;
  v: Float32Array;
  past: number;
  Hkv: number;
  D: number;
} {
  const { past, Hkv, D } = c.attributes as { past: number; Hkv: number; D: number };
  const pk = input(c, 'past_key').data;
  const pv = input(c, 'past_value').data;
  const nk = input(c, 'key').data;
  const nv = input(c, 'value').data;
  const k = new Float32Array((past + 1) * Hkv * D);
  const v = new Float32Array((past + 1) * Hkv * D);
  for (let g = 0; g < Hkv; g++) {
    for (let t = 0; t <= past; t++) {
      for (let d = 0; d < D; d++) {
        const dst = (t * Hkv + g) * D + d;
        k[dst] = t < past ? pk[(g * past + t) * D + d]! : nk[g * D + d]!;
        v[dst] = t < past ? pv[(g * past + t) * D + d]! : nv[g * D + d]!;
      }
    }
  }
  return { k, v, past, Hkv, D };
}
