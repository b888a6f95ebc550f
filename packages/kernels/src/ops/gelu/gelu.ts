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
import WGSL from './gelu.wgsl?raw';

import type { GeluVariant } from './gelu.reference.js';

/** Options of {@link createGelu}. */
export interface GeluOptions {
  /** Storage dtype (math in f32). Default: `'f32'`. */
  dtype?: FloatDType;
  /** Which GELU. Default: `'erf'` (torch `nn.GELU()`). */
  variant?: GeluVariant;
}

/** Arguments of {@link Gelu.run}. */
export interface GeluArgs {
  /** Any shape. */
  x: Tensor;
  /** Optional output with x's shape. */
  out?: Tensor;
}

/** A prepared GELU. */
export interface Gelu extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Which GELU (from the options). */
  readonly variant: GeluVariant;
  /** Records the op and returns `out`. */
  run(args: GeluArgs, encoder?: GPUCommandEncoder): Tensor;
}

const VARIANTS: Record<GeluVariant, number> = { erf: 0, tanh: 1, quick: 2 };

/** Creates an elementwise GELU. */
export function createGelu(device: KernelDevice, options: GeluOptions = {}): Gelu {
  const dtype = resolveFloatDType(device, options.dtype, 'createGelu options');
  const variant = options.variant ?? 'erf';
  if (!(variant in VARIANTS)) {
    throw new TypeError(`createGelu options.variant, when provided, must be 'erf', 'tanh' or 'quick'`);
  }
  // one element per thread, or four (vec4 loads and math) when the length is a multiple of 4
  const pipeline = (width: 1 | 4) =>
    buildPipeline(
      device,
      `gelu-${variant}(${dtype}${width === 4 ? 'x4' : ''})`,
      pipelineKey('gelu', { T: dtype, variant, width }),
      specialize(WGSL, {
        T: dtype,
        S: width === 4 ? `vec4<${dtype}>` : dtype,
        F: width === 4 ? 'vec4f' : 'f32',
      }),
      { VARIANT: VARIANTS[variant] },
    );
  const scalar = pipeline(1);
  const vec4 = pipeline(4);
  return {
    dtype,
    variant,
    ready: () => whenReady([scalar, vec4]),
    destroy: () => undefined,
    run(args, encoder) {
      const x = checkTensor(args.x, 'gelu x', [dtype]);
      const out = outputTensor(device, args.out, 'gelu out', x.shape, dtype);
      const wide = x.size % 4 === 0;
      const n = wide ? x.size / 4 : x.size;
      encodeDispatch(
        device,
        {
          pipeline: wide ? vec4 : scalar,
          uniforms: packUniforms([n]),
          storage: [x, out],
          workgroups: grid(device, Math.ceil(n / 64)),
        },
        encoder,
      );
      return out;
    },
  };
}
