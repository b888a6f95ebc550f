/**
 * Tiny ONNX graphs built in code with onnx-proto: a few nodes, named inputs and outputs, optional initializers.
 */
import onnxProto from 'onnx-proto';
import type { onnx as OnnxTypes } from 'onnx-proto';

const { onnx } = onnxProto;

/** An ONNX attribute value. */
export type OnnxAttribute = number | string | readonly number[] | { float: number };

/** A graph input/output declaration. */
export interface OnnxValueInfo {
  name: string;
  type: 'float32' | 'float16' | 'int32' | 'int64' | 'uint8' | 'bool';
  /** Dims; a string is a symbolic dimension. */
  dims: readonly (number | string)[];
}

/** A constant tensor stored in the graph (uploaded once when the session is created). */
export type OnnxInitializer =
  | { name: string; type: 'float32'; dims: readonly number[]; data: Float32Array }
  | { name: string; type: 'int64'; dims: readonly number[]; data: BigInt64Array };

/** One operator node. */
export interface OnnxNode {
  op: string;
  /** `''` (ONNX) or `'com.microsoft'`. Default `''`. */
  domain?: string;
  /** Input names (`''` for an omitted optional input). */
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
}

const ELEM: Record<OnnxValueInfo['type'], number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  float16: onnx.TensorProto.DataType.FLOAT16,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
  uint8: onnx.TensorProto.DataType.UINT8,
  bool: onnx.TensorProto.DataType.BOOL,
};

function attribute(name: string, v: OnnxAttribute): OnnxTypes.IAttributeProto {
  const A = onnx.AttributeProto.AttributeType;
  if (typeof v === 'string') {
    return { name, type: A.STRING, s: new TextEncoder().encode(v) };
  }
  if (typeof v === 'number') {
    return { name, type: A.INT, i: v };
  }
  if ('float' in v) {
    return { name, type: A.FLOAT, f: v.float };
  }
  return { name, type: A.INTS, ints: [...v] };
}

function valueInfo(v: OnnxValueInfo): OnnxTypes.IValueInfoProto {
  return {
    name: v.name,
    type: {
      tensorType: {
        elemType: ELEM[v.type],
        shape: { dim: v.dims.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })) },
      },
    },
  };
}

/** Serialises a single-purpose model (opset 23 + com.microsoft 1, IR 10). */
export function buildModel(spec: {
  name: string;
  nodes: readonly OnnxNode[];
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  /** Constant inputs kept in the model (raw little-endian data). Default: none. */
  initializers?: readonly OnnxInitializer[];
  opset?: number;
}): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: 10,
    producerName: '@nextevent/kernels',
    opsetImport: [
      { domain: '', version: spec.opset ?? 23 },
      { domain: 'com.microsoft', version: 1 },
    ],
    graph: {
      name: spec.name,
      node: spec.nodes.map((n, i) => ({
        name: `${n.op}_${i}`,
        opType: n.op,
        domain: n.domain ?? '',
        input: [...n.inputs],
        output: [...n.outputs],
        attribute: Object.entries(n.attributes ?? {}).map(([k, v]) => attribute(k, v)),
      })),
      input: spec.inputs.map(valueInfo),
      output: spec.outputs.map(valueInfo),
      initializer: (spec.initializers ?? []).map((t) => ({
        name: t.name,
        dataType: ELEM[t.type],
        dims: [...t.dims],
        rawData: new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength),
      })),
    },
  });
  return onnx.ModelProto.encode(model).finish();
}
