// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  checkRows,
  encodeDispatch,
  grid,
  outputTensor,
  packUniforms,
  resolveFloatDType,
  whenReady,
  type Kernel,
} from '../../kernel.js';
import type { FloatDType, Tensor } from '../../tensor.js';
import WGSL from './softmax.wgsl?raw';

/** Options of {@link createSoftmax}. */
export interface SoftmaxOptions {
  /** Storage dtype (math in f32). Default: `'f32'`. */
  dtype?: FloatDType;
}

/** Arguments of {@link Softmax.run}. */
export interface SoftmaxArgs {
  /** `[..., C]`: softmax over the last axis. */
  x: Tensor;
  /** Optional output with x's shape. */
  out?: Tensor;
}

/** A prepared softmax. */
export interface Softmax extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the op and returns `out`. */
  run(args: SoftmaxArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates a numerically stable softmax over the last axis. */
export function createSoftmax(device: KernelDevice, options: SoftmaxOptions = {}): Softmax {
  const dtype = resolveFloatDType(device, options.dtype, 'createSoftmax options');
  const pipe = buildDtypePipeline(device, 'softmax', WGSL, dtype);
  return {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { tensor: x, rows, cols: C } = checkRows(args.x, 'softmax x', [dtype]);
      const out = outputTensor(device, args.out, 'softmax out', x.shape, dtype);
      // threads per row: a power of two near C / 8 (at most the 64 of a workgroup)
      const S = Math.min(64, 2 ** Math.ceil(Math.log2(Math.max(1, Math.ceil(C / 8)))));
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([rows, C, S]),
          storage: [x, out],
          workgroups: grid(device, Math.ceil(rows / (64 / S))),
        },
        encoder,
      );
      return out;
    },
  };
}
