// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  checkRows,
  checkTensor,
  dummyBuffer,
  encodeDispatch,
  epsOption,
  grid,
  outputTensor,
  packUniforms,
  resolveFloatDType,
  whenReady,
  withPartials,
  type Kernel,
} from '../../kernel.js';
import type { FloatDType, Tensor } from '../../tensor.js';
import WGSL from './layernorm.wgsl?raw';
import SUM_WGSL from '../../wgsl/workgroup-sum.wgsl?raw';

/** Options of {@link createLayerNorm}. */
export interface LayerNormOptions {
  /** Storage dtype (statistics in f32). Default: `'f32'`. */
  dtype?: FloatDType;
  /** Added to the variance. Default: `1e-6` (Qwen2-VL vision LayerNorm). */
  eps?: number;
}

/** Arguments of {@link LayerNorm.run}. */
export interface LayerNormArgs {
  /** `[..., H]`. */
  x: Tensor;
  /** `[H]` gain. */
  weight: Tensor;
  /** Optional `[H]` shift. */
  bias?: Tensor;
  /** Optional output with x's shape. */
  out?: Tensor;
}

/** A prepared LayerNorm. */
export interface LayerNorm extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Added to the variance (from the options). */
  readonly eps: number;
  /** Records the op and returns `out`. */
  run(args: LayerNormArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates a LayerNorm op over the last axis (biased variance, as PyTorch). */
export function createLayerNorm(device: KernelDevice, options: LayerNormOptions = {}): LayerNorm {
  const dtype = resolveFloatDType(device, options.dtype, 'createLayerNorm options');
  const eps = epsOption(options.eps, 'createLayerNorm options.eps');
  const pipe = buildDtypePipeline(device, 'layernorm', withPartials(WGSL, SUM_WGSL), dtype);
  return {
    dtype,
    eps,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { tensor: x, rows, cols: H } = checkRows(args.x, 'layernorm x', [dtype]);
      const weight = checkTensor(args.weight, 'layernorm weight', [dtype]);
      const bias = args.bias ? checkTensor(args.bias, 'layernorm bias', [dtype]) : undefined;
      if (weight.size !== H || (bias && bias.size !== H)) {
        throw new TypeError(
          `layernorm weight and bias must have ${H} elements (x's last axis), got ${weight.size}` +
            (bias ? ` and ${bias.size}` : ''),
        );
      }
      const out = outputTensor(device, args.out, 'layernorm out', x.shape, dtype);
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([rows, H, { f32: eps }, bias ? 1 : 0]),
          storage: [x, weight, bias ?? dummyBuffer(device), out],
          workgroups: grid(device, rows),
        },
        encoder,
      );
      return out;
    },
  };
}
