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
import ARGMAX_WGSL from './argmax.wgsl?raw';
import SAMPLE_WGSL from './sample.wgsl?raw';

/** Options of {@link createArgmax} and {@link createSampler}. */
export interface SamplingOptions {
  /** Dtype of the logits. Default: `'f32'`. */
  dtype?: FloatDType;
}

/** Greedy decoding on the GPU. */
export interface Argmax extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records the argmax of each row of `logits` `[rows, V]` and returns u32 `[rows]`. */
  run(args: { logits: Tensor; out?: Tensor }, encoder?: GPUCommandEncoder): Tensor;
}

/** Creates the argmax op (smallest index among equal maxima). */
export function createArgmax(device: KernelDevice, options: SamplingOptions = {}): Argmax {
  const dtype = resolveFloatDType(device, options.dtype, 'createArgmax options');
  const pipe = buildDtypePipeline(device, 'argmax', ARGMAX_WGSL, dtype);
  return {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { tensor: logits, rows, cols: V } = checkRows(args.logits, 'argmax logits', [dtype]);
      const out = outputTensor(device, args.out, 'argmax out', [rows], 'u32');
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms([rows, V]),
          storage: [logits, out],
          workgroups: grid(device, rows),
        },
        encoder,
      );
      return out;
    },
  };
}

/** Arguments of {@link Sampler.run}. */
export interface SamplerArgs {
  /** `[rows, V]` logits, rows <= 64. */
  logits: Tensor;
  /** One uniform draw in [0, 1) per row (e.g. `Math.random()`; pass your own for reproducibility). */
  random: number | readonly number[];
  /** Top-k, clamped to [1, 256]. Default: 50. */
  topK?: number;
  /** Top-p in (0, 1]. Default: 1 (off). */
  topP?: number;
  /** Temperature > 0. Default: 1. */
  temperature?: number;
  /** Optional u32 output `[rows]`. */
  out?: Tensor;
}

/** Temperature/top-k/top-p sampling on the GPU (no logits readback). */
export interface Sampler extends Kernel {
  /** Storage dtype of the op's float tensors (from the options). */
  readonly dtype: FloatDType;
  /** Records one draw per row and returns u32 token ids `[rows]`. */
  run(args: SamplerArgs, encoder?: GPUCommandEncoder): Tensor;
}

/** Maximum rows per {@link Sampler.run}. */
export const SAMPLER_MAX_ROWS = 64;

/** A value for messages: numbers and strings as JSON, objects by their class name (e.g. `Tensor`). */
function describe(v: unknown): string {
  if (v !== null && typeof v === 'object') {
    return Array.isArray(v) ? `[${v.map(describe).join(', ')}]` : `a ${v.constructor.name}`;
  }
  return typeof v === 'number' ? String(v) : (JSON.stringify(v) ?? String(v));
}

/** `args.random` as one draw per row, each a number in [0, 1). */
function randomDraws(random: unknown, rows: number): readonly number[] {
  const draws: unknown[] | undefined =
    typeof random === 'number' ? [random] : Array.isArray(random) ? (random as unknown[]) : undefined;
  if (!draws || draws.length !== rows || draws.some((r) => typeof r !== 'number' || !(r >= 0 && r < 1))) {
    throw new TypeError(
      `sample random must be a number or an array of ${rows} number(s) in [0, 1) (one per row), got ` +
        describe(random),
    );
  }
  return draws as number[];
}

/** Creates the GPU sampler (HF warper order: temperature, top-k, top-p). */
export function createSampler(device: KernelDevice, options: SamplingOptions = {}): Sampler {
  const dtype = resolveFloatDType(device, options.dtype, 'createSampler options');
  const pipe = buildDtypePipeline(device, 'sample', SAMPLE_WGSL, dtype);
  return {
    dtype,
    ready: () => whenReady([pipe]),
    destroy: () => undefined,
    run(args, encoder) {
      const { tensor: logits, rows, cols: V } = checkRows(args.logits, 'sample logits', [dtype]);
      if (rows > SAMPLER_MAX_ROWS) {
        throw new TypeError(`sample: at most ${SAMPLER_MAX_ROWS} rows per run, got ${rows}`);
      }
      const random = randomDraws(args.random, rows);
      const topK: unknown = args.topK ?? 50;
      const topP: unknown = args.topP ?? 1;
      const temperature: unknown = args.temperature ?? 1;
      if (typeof topK !== 'number' || !Number.isInteger(topK) || topK < 1) {
        throw new TypeError(`sample topK, when provided, must be a positive integer, got ${describe(topK)}`);
      }
      if (typeof topP !== 'number' || !(topP > 0 && topP <= 1)) {
        throw new TypeError(`sample topP, when provided, must be a number in (0, 1], got ${describe(topP)}`);
      }
      if (typeof temperature !== 'number' || !(temperature > 0)) {
        throw new TypeError(
          `sample temperature, when provided, must be a number > 0, got ${describe(temperature)}`,
        );
      }
      const out = outputTensor(device, args.out, 'sample out', [rows], 'u32');
      const fields: (number | { f32: number })[] = [
        rows,
        V,
        Math.min(topK, 256),
        { f32: topP },
        { f32: temperature },
        0,
        0,
        0,
      ];
      for (let i = 0; i < 64; i++) {
        fields.push({ f32: random[i] ?? 0 });
      }
      encodeDispatch(
        device,
        {
          pipeline: pipe,
          uniforms: packUniforms(fields),
          storage: [logits, out],
          workgroups: grid(device, rows),
        },
        encoder,
      );
      return out;
    },
  };
}
