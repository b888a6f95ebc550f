// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildPipeline,
  checkTensor,
  encodeDispatch,
  grid,
  outputTensor,
  packUniforms,
  pipelineKey,
  resolveFloatDType,
  specialize,
  whenReady,
  type Kernel,
} from '../../kernel.js';
import type { FloatDType, Tensor } from '../../tensor.js';
import WGSL from './binary.wgsl?raw';

/** Binary elementwise operations. */
export type BinaryOp = 'add' | 'mul';

/** Options of {@link createBinary}. */
export interface BinaryOptions {
  /** `'add'` (residual, bias) or `'mul'` (gain). Required. */
  op: BinaryOp;
  /** Storage dtype (math in f32). Default: `'f32'`. */
  dtype?: FloatDType;
}

/** Arguments of {@link Binary.run}. */
export interface BinaryArgs {
  /** Any shape. */
  a: Tensor;
  /** Same size as `a`, or a size dividing it (broadcast cyclically, e.g. `[H]` over `[L, H]`). */
  b: Tensor;
  /** Optional output with a's shape (must not alias a or b). */
  out?: Tensor;
}

/** A prepared elementwise add or multiply. */
export interface Binary extends Kernel {
  /** `'add'` or `'mul'`. */
  readonly op: BinaryOp;
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the op and returns `out`. */
  run(args: BinaryArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates an elementwise add/mul with cyclic broadcasting of `b`. */
export function createBinary(device: KernelDevice, options: BinaryOptions): Binary {
  const dtype = resolveFloatDType(device, options.dtype, 'createBinary options');
  const op = options.op;
  if (op !== 'add' && op !== 'mul') {
    throw new TypeError(`createBinary options.op must be 'add' or 'mul', got ${JSON.stringify(op)}`);
  }
  const pipe = buildPipeline(
    device,
    `${op}(${dtype})`,
    pipelineKey('binary', { T: dtype, op }),
    specialize(WGSL, { T: dtype }),
    { OP: op === 'add' ? 0 : 1 },
  );
  return {
    op,
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const a = checkTensor(args.a, `${op} a`, [dtype]);
      const b = checkTensor(args.b, `${op} b`, [dtype]);
      if (b.size === 0 || a.size % b.size !== 0) {
        throw new TypeError(`${op}: b's size ${b.size} must divide a's size ${a.size}`);
      }
      const out = outputTensor(device, args.out, `${op} out`, a.shape, dtype);
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([a.size, b.size]),
          storage: [a, b, out],
          workgroups: grid(device, Math.ceil(a.size / 64)),
        },
        encoder,
      );
      return out;
    },
  };
}
