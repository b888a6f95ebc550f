// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  checkRows,
  checkTensor,
  encodeDispatch,
  grid,
  outputTensor,
  packUniforms,
  resolveFloatDType,
  whenReady,
  type Kernel,
} from '../../kernel.js';
import type { FloatDType, Tensor } from '../../tensor.js';
import { dummyBuffer } from '../../kernel.js';
import WGSL from './silu-mul.wgsl?raw';

/** Options of {@link createSiluMul}. */
export interface SiluMulOptions {
  /** Storage dtype (math in f32). Default: `'f32'`. */
  dtype?: FloatDType;
}

/** Arguments of {@link SiluMul.run}: either `gate` + `up`, or one fused `gateUp`. */
export type SiluMulArgs =
  | {
      /** `[..., I]` gate projection. */
      gate: Tensor;
      /** `[..., I]` up projection. */
      up: Tensor;
      gateUp?: undefined;
      /** Optional output `[..., I]`. */
      out?: Tensor;
    }
  | {
      /** `[..., 2*I]`: each row is `[gate | up]` (one matmul with concatenated weights). */
      gateUp: Tensor;
      gate?: undefined;
      up?: undefined;
      /** Optional output `[..., I]`. */
      out?: Tensor;
    };

/** A prepared SwiGLU activation `silu(gate) * up`. */
export interface SiluMul extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the op and returns `out`. */
  run(args: SiluMulArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates the SwiGLU activation of Qwen2 MLPs (and the Qwen2.5-VL ViT MLP). */
export function createSiluMul(device: KernelDevice, options: SiluMulOptions = {}): SiluMul {
  const dtype = resolveFloatDType(device, options.dtype, 'createSiluMul options');
  const pipe = buildDtypePipeline(device, 'silu-mul', WGSL, dtype);
  return {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      let first: Tensor;
      let second: Tensor | GPUBuffer;
      let I: number;
      let shape: number[];
      if (args.gateUp) {
        first = checkTensor(args.gateUp, 'silu-mul gateUp', [dtype]);
        const last = first.shape[first.shape.length - 1] ?? 0;
        if (last % 2 !== 0) {
          throw new TypeError(`silu-mul gateUp's last axis must be even (gate | up), got ${last}`);
        }
        I = last / 2;
        shape = [...first.shape.slice(0, -1), I];
        second = dummyBuffer(device);
      } else {
        const gate = checkRows(args.gate, 'silu-mul gate', [dtype]);
        first = gate.tensor;
        const up = checkTensor(args.up, 'silu-mul up', [dtype]);
        if (up.size !== first.size) {
          throw new TypeError(
            `silu-mul gate and up must have the same size, got ${first.size} and ${up.size}`,
          );
        }
        I = gate.cols;
        shape = [...first.shape];
        second = up;
      }
      const n = shape.reduce((x, y) => x * y, 1);
      const out = outputTensor(device, args.out, 'silu-mul out', shape, dtype);
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([n, I, args.gateUp ? 0 : 1]),
          storage: [first, second, out],
          workgroups: grid(device, Math.ceil(n / 64)),
        },
        encoder,
      );
      return out;
    },
  };
}
