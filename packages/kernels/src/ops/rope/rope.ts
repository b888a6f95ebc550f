// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- `?raw` WGSL imports (also when another package type-checks this source)
/// <reference path="../../wgsl.d.ts" />
import type { KernelDevice } from '../../device.js';
import {
  buildDtypePipeline,
  checkTensor,
  encodeDispatch,
  grid,
  outputTensor,
  packUniforms,
  resolveFloatDType,
  whenReady,
  type Kernel,
} from '../../kernel.js';
import { uploadTensor, type FloatDType, type Tensor } from '../../tensor.js';
import { QWEN2_VL_MROPE_SECTION, ropeInvFreq, ropeSections, type RopeMode } from './rope.reference.js';
import WGSL from './rope.wgsl?raw';

/** Options of {@link createRope}. */
export interface RopeOptions {
  /** Storage dtype of x/out (angles and rotation in f32). Default: `'f32'`. */
  dtype?: FloatDType;
  /** Head dim D (even; divisible by 4 for `'vision'`). Required. */
  headDim: number;
  /** `'text'` (positions `[L]`), `'mrope'` (positions `[3, L]`), `'vision'` (positions `[2, L]`: row, col). Default: `'text'`. */
  mode?: RopeMode;
  /** RoPE base. Default: `1e6` for text/mrope (Qwen2.5 `rope_theta`), `1e4` for vision. */
  theta?: number;
  /** mRoPE sections summing to headDim / 2. Default: `[16, 24, 24]`. */
  mropeSection?: readonly number[];
}

/** Arguments of {@link Rope.run}. */
export interface RopeArgs {
  /** `[L, H, D]` (or `[L, H*D]`); typically q or k straight out of the projection. */
  x: Tensor;
  /** i32 or u32 positions `[P, L]` (P = 1, 3, 2 for text, mrope, vision). */
  positions: Tensor;
  /** Optional output with x's shape (must not be x). */
  out?: Tensor;
}

/** A prepared RoPE. */
export interface Rope extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Position layout (from the options). */
  readonly mode: RopeMode;
  /** Head dimension D (from the options). */
  readonly headDim: number;
  /** Per-row frequency counts (summing to headDim / 2). */
  readonly sections: readonly number[];
  /** Records the rotation and returns `out`. */
  run(args: RopeArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates a RoPE op (text, Qwen2-VL mRoPE or ViT 2-D rotary). */
export function createRope(device: KernelDevice, options: RopeOptions): Rope {
  const dtype = resolveFloatDType(device, options.dtype, 'createRope options');
  const mode = options.mode ?? 'text';
  if (mode !== 'text' && mode !== 'mrope' && mode !== 'vision') {
    throw new TypeError(`createRope options.mode, when provided, must be 'text', 'mrope' or 'vision'`);
  }
  const D = options.headDim;
  if (!Number.isInteger(D) || D < 2 || D % (mode === 'vision' ? 4 : 2) !== 0) {
    throw new TypeError(
      `createRope options.headDim must be a positive even integer (multiple of 4 for vision), got ${D}`,
    );
  }
  const theta = options.theta ?? (mode === 'vision' ? 1e4 : 1e6);
  const sections = ropeSections(mode, D, options.mropeSection ?? QWEN2_VL_MROPE_SECTION);
  if (sections.reduce((a, b) => a + b, 0) !== D / 2 || sections.length > 3) {
    throw new TypeError(
      `createRope options.mropeSection must have at most 3 entries summing to headDim / 2 = ${D / 2}`,
    );
  }
  const P = sections.length;
  const inv = ropeInvFreq(mode, D, theta);
  const invFreq = uploadTensor(device, inv, { shape: [inv.length], label: 'rope invFreq' });
  const pipe = buildDtypePipeline(device, 'rope', WGSL, dtype);
  return {
    dtype,
    mode,
    headDim: D,
    sections,
    ready: () => whenReady([pipe]),
    destroy: () => invFreq.destroy(),
    run(args, encoder) {
      const x = checkTensor(args.x, 'rope x', [dtype]);
      const positions = checkTensor(args.positions, 'rope positions', ['i32', 'u32']);
      const L = x.shape[0] ?? 1;
      const H = x.size / Math.max(1, L * D);
      if (!Number.isInteger(H) || x.size !== L * H * D) {
        throw new TypeError(`rope x must be [L, H, ${D}], got [${x.shape.join(', ')}]`);
      }
      if (positions.size !== P * L) {
        throw new TypeError(
          `rope positions must be [${P}, ${L}] for mode '${mode}', got [${positions.shape.join(', ')}]`,
        );
      }
      const out = outputTensor(device, args.out, 'rope out', x.shape, dtype);
      const total = L * H * (D / 2);
      const s = [...sections, 0, 0];
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([
            L,
            H,
            D,
            mode === 'vision' ? 1 : 0,
            s[0] ?? 0,
            s[1] ?? 0,
            s[2] ?? 0,
            total,
          ]),
          storage: [x, positions, invFreq, out],
          workgroups: grid(device, Math.ceil(total / 64)),
        },
        encoder,
      );
      return out;
    },
  };
}
