// Tier 1 on the shared JSON cases: every CPU reference against ONNX Runtime's outputs stored in the file, and the
// live ORT oracle (onnxruntime-node CPU) against the same stored outputs.
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import {
  attentionReference,
  dequantizeInt4Reference,
  layerNormReference,
  matmulReference,
  rmsNormReference,
  softmaxReference,
} from '@nextevent/kernels';
import {
  attentionModel,
  createOrtSession,
  gqaDecodeModel,
  layerNormModel,
  matmulModel,
  matmulNBitsModel,
  rmsNormModel,
  softmaxModel,
  type OrtTensorData,
} from '@nextevent/kernels/ort';
import { CASES, decodeKv, input, type OpCase } from './cases.js';

const TOL = { abs: 1e-5, rel: 1e-4 };

function reference(op: string, c: OpCase): Float32Array {
  const a = c.attributes;
  switch (op) {
    case 'matmul': {
      const A = input(c, 'A');
      const B = input(c, 'B');
      const transposeB = a.transposeB as boolean;
      const batch = A.dims.length === 3 ? A.dims[0]! : 1;
      const [M, K] = A.dims.slice(-2) as [number, number];
      const N = transposeB ? B.dims[0]! : B.dims[1]!;
      return matmulReference(A.data, B.data, { batch, M, N, K, transposeB, batchedB: false });
    }
    case 'matmul-int4': {
      const A = input(c, 'A');
      const bytes = Uint8Array.from(input(c, 'B').data);
      const { K, N, block_size: G } = a as { K: number; N: number; block_size: number };
      const w = dequantizeInt4Reference({
        qweight: new Uint32Array(bytes.buffer),
        scales: Float32Array.from(input(c, 'scales').data),
        N,
        K,
        groupSize: G,
      });
      return matmulReference(A.data, w, { batch: 1, M: A.dims[0]!, N, K, transposeB: true, batchedB: false });
    }
    case 'softmax': {
      const X = input(c, 'X');
      return softmaxReference(X.data, X.dims[1]!);
    }
    case 'rmsnorm': {
      const X = input(c, 'X');
      return rmsNormReference(X.data, input(c, 'scale').data, X.dims[1]!, a.epsilon as number);
    }
    case 'layernorm': {
      const X = input(c, 'X');
      return layerNormReference(
        X.data,
        input(c, 'scale').data,
        input(c, 'bias').data,
        X.dims[1]!,
        a.epsilon as number,
      );
    }
    case 'attention': {
      const { Hq, Hkv, D, causal, cuSeqlens } = a as {
        Hq: number;
        Hkv: number;
        D: number;
        causal: boolean;
        cuSeqlens: number[] | null;
      };
      const Q = input(c, 'Q');
      const L = Q.dims[1]!;
      return attentionReference(Q.data, input(c, 'K').data, input(c, 'V').data, {
        Lq: L,
        Hq,
        Hkv,
        D,
        causal,
        ...(cuSeqlens ? { cuSeqlens } : {}),
      });
    }
    case 'attention-decode': {
      const { k, v, past, Hkv, D } = decodeKv(c);
      const Hq = a.Hq as number;
      return attentionReference(input(c, 'query').data, k, v, {
        Lq: 1,
        Hq,
        Hkv,
        D,
        causal: true,
        pastLen: past,
      });
    }
    default:
      throw new Error(`no reference for ${op}`);
  }
}

function model(op: string, c: OpCase): Uint8Array {
  const a = c.attributes;
  switch (op) {
    case 'matmul': {
      const A = input(c, 'A');
      const B = input(c, 'B');
      const transposeB = a.transposeB as boolean;
      const [M, K] = A.dims.slice(-2) as [number, number];
      const N = transposeB ? B.dims[0]! : B.dims[1]!;
      return matmulModel({ ...(A.dims.length === 3 ? { batch: A.dims[0]! } : {}), M, K, N, transposeB });
    }
    case 'matmul-int4':
      return matmulNBitsModel({
        M: input(c, 'A').dims[0]!,
        K: a.K as number,
        N: a.N as number,
        blockSize: a.block_size as number,
      });
    case 'softmax':
      return softmaxModel({ rows: input(c, 'X').dims[0]!, C: input(c, 'X').dims[1]! });
    case 'rmsnorm':
      return rmsNormModel({
        rows: input(c, 'X').dims[0]!,
        H: input(c, 'X').dims[1]!,
        eps: a.epsilon as number,
      });
    case 'layernorm':
      return layerNormModel({
        rows: input(c, 'X').dims[0]!,
        H: input(c, 'X').dims[1]!,
        eps: a.epsilon as number,
      });
    case 'attention': {
      const { Hq, Hkv, D, causal, cuSeqlens } = a as {
        Hq: number;
        Hkv: number;
        D: number;
        causal: boolean;
        cuSeqlens: number[] | null;
      };
      return attentionModel({ L: input(c, 'Q').dims[1]!, Hq, Hkv, D, causal, mask: !!cuSeqlens });
    }
    default: {
      const { past, Hq, Hkv, D } = a as { past: number; Hq: number; Hkv: number; D: number };
      return gqaDecodeModel({ past, Hq, Hkv, D });
    }
  }
}

function feeds(c: OpCase): Record<string, OrtTensorData> {
  const out: Record<string, OrtTensorData> = {};
  for (const t of c.inputs) {
    const data =
      t.type === 'float32'
        ? Float32Array.from(t.data)
        : t.type === 'int32'
          ? Int32Array.from(t.data)
          : Uint8Array.from(t.data);
    out[t.name] = { type: t.type, dims: t.dims, data };
  }
  return out;
}

for (const [op, file] of Object.entries(CASES)) {
  describe(`${op} cases (${file.operator})`, () => {
    for (const c of file.cases) {
      it(`${c.name}: CPU reference == stored ORT output`, () => {
        expect(closeness(reference(op, c), c.outputs[0]!.data, TOL).message).toBe('ok');
      });
      it(`${c.name}: live ORT CPU == stored output`, async () => {
        const s = await createOrtSession(model(op, c));
        const y = await s.run(feeds(c));
        await s.release();
        const name = c.outputs[0]!.name;
        expect(
          closeness(y[name]!.data as Float32Array, c.outputs[0]!.data, { abs: 1e-6, rel: 1e-6 }).message,
        ).toBe('ok');
      });
    }
  });
}
