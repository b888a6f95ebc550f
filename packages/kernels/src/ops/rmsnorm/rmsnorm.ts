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
import WGSL from './rmsnorm.wgsl?raw';
import SUM_WGSL from '../../wgsl/workgroup-sum.wgsl?raw';

/** Options of {@link createRmsNorm}. */
export interface RmsNormOptions {
  /** Storage dtype of x, weight and out (statistics in f32). Default: `'f32'`. */
  dtype?: FloatDType;
  /** Added to the mean square. Default: `1e-6` (Qwen2.5-VL `rms_norm_eps`). */
  eps?: number;
}

/** Arguments of {@link RmsNorm.run}. */
export interface RmsNormArgs {
  /** `[..., H]`; every row of H values is normalised. */
  x: Tensor;
  /** `[H]` gain. */
  weight: Tensor;
  /**
   * Optional residual stream with x's shape: the op normalises `x + residual` and writes that sum back into
   * `residual` (in place), fusing the decoder's residual add. Must not be `x` or `out`.
   */
  residual?: Tensor;
  /** Optional output with x's shape; pooled when omitted. */
  out?: Tensor;
}

/** A prepared RMSNorm. */
export interface RmsNorm extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Added to the mean square (from the options). */
  readonly eps: number;
  /** Records the op into `encoder` (or submits it) and returns `out`. */
  run(args: RmsNormArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates an RMSNorm op: `x / sqrt(mean(x^2) + eps) * weight` over the last axis. */
export function createRmsNorm(device: KernelDevice, options: RmsNormOptions = {}): RmsNorm {
  const dtype = resolveFloatDType(device, options.dtype, 'createRmsNorm options');
  const eps = epsOption(options.eps, 'createRmsNorm options.eps');
  const pipe = buildDtypePipeline(device, 'rmsnorm', withPartials(WGSL, SUM_WGSL), dtype);
  return {
    dtype,
    eps,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { tensor: x, rows, cols: H } = checkRows(args.x, 'rmsnorm x', [dtype]);
      const weight = checkTensor(args.weight, 'rmsnorm weight', [dtype]);
      if (weight.size !== H) {
        throw new TypeError(`rmsnorm weight must have ${H} elements (x's last axis), got ${weight.size}`);
      }
      const residual = args.residual ? checkTensor(args.residual, 'rmsnorm residual', [dtype]) : undefined;
      if (
        residual &&
        (residual.size !== x.size || residual.buffer === x.buffer || residual.buffer === args.out?.buffer)
      ) {
        throw new TypeError(
          'rmsnorm residual must have the size of x and be a different buffer from x and out',
        );
      }
      const out = outputTensor(device, args.out, 'rmsnorm out', x.shape, dtype);
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([rows, H, { f32: eps }, residual ? 1 : 0]),
          storage: [x, weight, residual ?? dummyBuffer(device, 1), out],
          workgroups: grid(device, rows),
        },
        encoder,
      );
      return out;
    },
  };
}
