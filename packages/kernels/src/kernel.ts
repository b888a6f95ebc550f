/**
 * Shared host-side plumbing of the ops: WGSL specialization, pipeline building with labels and error scopes,
 * uniform packing and dispatch encoding. Every op's `.ts` uses these; none of it is WGSL-specific per op.
 */
import type { KernelDevice } from './device.js';
import { GpuValidationError } from './errors.js';
import { createTensor, shapeSize, type DType, type FloatDType, type Tensor } from './tensor.js';

/** Common surface of every op object. */
export interface Kernel {
  /** Resolves once the op's pipelines compiled; rejects with {@link GpuValidationError} naming the op if not. */
  ready(): Promise<void>;
  /** Releases what the op owns (pipelines stay in the device cache for other instances). */
  destroy(): void;
}

/**
 * Replaces `{{NAME}}` placeholders in a WGSL template and prepends `enable f16;` when any value is `f16`.
 * Throws if a placeholder is left unreplaced (a bug in the op).
 */
export function specialize(template: string, params: Readonly<Record<string, string | number>>): string {
  let code = template.replace(/\{\{(\w+)\}\}/g, (m, name: string) => {
    const v = params[name];
    if (v === undefined) {
      throw new Error(`WGSL template placeholder ${m} has no value`);
    }
    return String(v);
  });
  if (Object.values(params).includes('f16') || /\bf16\b/.test(code.replace(/\/\/.*$/gm, ''))) {
    code = `enable f16;\n${code}`;
  }
  return code;
}

/**
 * Composes an op's WGSL with shared partials (`.wgsl` files imported `?raw`): the op's source first, so its
 * header stays on top, then each partial. A partial holds module-scope declarations only (no `enable`, no
 * bindings, no entry points) and may use names the op declares, listed under "Needs" in its header (WGSL
 * resolves module-scope names in any order). The result is a template for {@link specialize}. The partials an
 * op uses are fixed per pipeline name, so {@link pipelineKey} stays a complete cache key.
 */
export function withPartials(source: string, ...partials: readonly string[]): string {
  return [source, ...partials].join('\n');
}

/** Pipeline cache key: op name + sorted template parameters (the same values that specialize the WGSL). */
export function pipelineKey(op: string, params: Readonly<Record<string, string | number | boolean>>): string {
  const parts = Object.keys(params)
    .sort()
    .map((k) => `${k}=${String(params[k])}`);
  return `${op}(${parts.join(',')})`;
}

/** A compiled pipeline plus the promise of its compilation result. */
export interface BuiltPipeline {
  readonly pipeline: GPUComputePipeline;
  readonly label: string;
  /** Resolves to the validation error (or undefined); never rejects. */
  readonly error: Promise<GpuValidationError | undefined>;
}

const pending = new WeakMap<GPUComputePipeline, Promise<GpuValidationError | undefined>>();

/**
 * Gets (or compiles and caches on the device) the pipeline for `key`. The shader module and the pipeline are
 * labelled `label`; compilation runs inside a validation error scope.
 */
export function buildPipeline(
  device: KernelDevice,
  label: string,
  key: string,
  code: string,
  constants?: Record<string, number>,
  entryPoint = 'main',
): BuiltPipeline {
  let error: Promise<GpuValidationError | undefined> | undefined;
  const pipeline = device.pipeline(key, () => {
    const gpu = device.gpu;
    gpu.pushErrorScope('validation');
    const module = gpu.createShaderModule({ label, code });
    const p = gpu.createComputePipeline({
      label,
      layout: 'auto',
      compute: constants ? { module, entryPoint, constants } : { module, entryPoint },
    });
    error = gpu.popErrorScope().then(
      (e) => (e ? new GpuValidationError(label, e.message) : undefined),
      (e: unknown) => new GpuValidationError(label, String(e)),
    );
    pending.set(p, error);
    return p;
  });
  return { pipeline, label, error: error ?? pending.get(pipeline) ?? Promise.resolve(undefined) };
}

/**
 * The pipeline of an op whose WGSL is specialised by its storage dtype alone (`{{T}}`): labelled `name(dtype)`,
 * cached under `pipelineKey(name, { T: dtype })`.
 */
export function buildDtypePipeline(
  device: KernelDevice,
  name: string,
  template: string,
  dtype: FloatDType,
): BuiltPipeline {
  return buildPipeline(
    device,
    `${name}(${dtype})`,
    pipelineKey(name, { T: dtype }),
    specialize(template, { T: dtype }),
  );
}

/** `ready()` for a set of pipelines. */
export async function whenReady(pipelines: readonly BuiltPipeline[]): Promise<void> {
  for (const p of pipelines) {
    const e = await p.error;
    if (e) {
      throw e;
    }
  }
}

/** Packs uniform fields into 4-byte words: numbers as u32, `{ f32: x }` as f32 bits, `{ i32: x }` as i32. */
export function packUniforms(fields: readonly (number | { f32: number } | { i32: number })[]): Uint32Array {
  const words = new Uint32Array(Math.max(4, Math.ceil(fields.length / 4) * 4));
  const f = new Float32Array(1);
  const fw = new Uint32Array(f.buffer);
  fields.forEach((v, i) => {
    if (typeof v === 'number') {
      words[i] = v >>> 0;
    } else if ('f32' in v) {
      f[0] = v.f32;
      words[i] = fw[0] as number;
    } else {
      words[i] = v.i32 >>> 0;
    }
  });
  return words;
}

/** One dispatch of an op. */
export interface DispatchSpec {
  readonly pipeline: BuiltPipeline;
  /** Uniform words at binding 0 (see {@link packUniforms}); omit for shaders without uniforms. */
  readonly uniforms?: Uint32Array;
  /** Storage buffers (or tensors), bound at bindings 1, 2, … in order. */
  readonly storage: readonly (GPUBuffer | Tensor)[];
  /** Workgroup counts; use {@link grid} for 1-D counts that may exceed the per-dimension limit. */
  readonly workgroups: readonly [number, number?, number?];
}

/**
 * Splits a 1-D workgroup count over x and y so neither exceeds the device limit. Shaders recover the linear
 * index as `wid.x + wid.y * nwg.x` (`@builtin(num_workgroups) nwg`).
 */
export function grid(device: KernelDevice, count: number): [number, number] {
  const max = device.limits.maxComputeWorkgroupsPerDimension;
  if (count <= max) {
    return [Math.max(1, count), 1];
  }
  const y = Math.ceil(count / max);
  return [Math.ceil(count / y), y];
}

/**
 * Records the dispatches as one compute pass into `encoder`, or into a new encoder that is submitted at once
 * when `encoder` is omitted.
 */
export function encodeDispatches(
  device: KernelDevice,
  label: string,
  dispatches: readonly DispatchSpec[],
  encoder?: GPUCommandEncoder,
): void {
  device.assertAlive();
  const gpu = device.gpu;
  const enc = encoder ?? gpu.createCommandEncoder({ label });
  const pass = enc.beginComputePass({ label });
  for (const d of dispatches) {
    const entries: GPUBindGroupEntry[] = [];
    if (d.uniforms) {
      entries.push({ binding: 0, resource: { buffer: device.uniform(d.uniforms) } });
    }
    d.storage.forEach((s, i) => {
      if ('buffer' in s) {
        // bind exactly the tensor's bytes: pooled buffers are rounded up to their bucket
        const size = Math.max(4, Math.ceil(s.byteLength / 4) * 4);
        if (size > device.limits.maxStorageBufferBindingSize) {
          throw new RangeError(
            `${label}: a ${s.dtype} tensor of shape [${s.shape.join(', ')}] (${size} bytes) exceeds the device's ` +
              `maxStorageBufferBindingSize (${device.limits.maxStorageBufferBindingSize}); split it`,
          );
        }
        entries.push({ binding: i + 1, resource: { buffer: s.buffer, size } });
      } else {
        entries.push({ binding: i + 1, resource: { buffer: s } });
      }
    });
    const bindGroup = gpu.createBindGroup({
      label: d.pipeline.label,
      layout: d.pipeline.pipeline.getBindGroupLayout(0),
      entries,
    });
    pass.setPipeline(d.pipeline.pipeline);
    pass.setBindGroup(0, bindGroup);
    const [x, y = 1, z = 1] = d.workgroups;
    if (x > 0 && y > 0 && z > 0) {
      pass.dispatchWorkgroups(x, y, z);
    }
  }
  pass.end();
  if (!encoder) {
    gpu.queue.submit([enc.finish()]);
  }
}

/** {@link encodeDispatches} for an op of one dispatch; the pass is labelled after the pipeline. */
export function encodeDispatch(
  device: KernelDevice,
  dispatch: DispatchSpec,
  encoder?: GPUCommandEncoder,
): void {
  encodeDispatches(device, dispatch.pipeline.label, [dispatch], encoder);
}

/**
 * An op's output: `out` when given (checked like an input: a live tensor of `dtype`, and of exactly `shape`, so
 * a too-small or transposed buffer is refused before anything is recorded), else a pooled tensor of `shape`.
 * `label` names it in the buffer label and in error messages (e.g. `'softmax out'`). A buffer of the right size
 * but another shape can be passed as `out.view(shape)`.
 */
export function outputTensor(
  device: KernelDevice,
  out: Tensor | undefined,
  label: string,
  shape: readonly number[],
  dtype: DType,
): Tensor {
  if (out === undefined) {
    return checkTensor(createTensor(device, { shape, dtype, label }), label, [dtype]);
  }
  const t = checkTensor(out, label, [dtype]);
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new TypeError(
      `${label} must have shape [${shape.join(', ')}] (${shapeSize(shape)} elements), got ` +
        `[${t.shape.join(', ')}] (${t.size} elements)`,
    );
  }
  return t;
}

/** Checks that a float dtype option is valid and supported on the device. */
export function resolveFloatDType(device: KernelDevice, dtype: unknown, where: string): FloatDType {
  if (dtype === undefined) {
    return 'f32';
  }
  if (dtype !== 'f32' && dtype !== 'f16') {
    throw new TypeError(
      `${where}.dtype, when provided, must be 'f32' or 'f16', got ${JSON.stringify(dtype)}`,
    );
  }
  if (dtype === 'f16') {
    device.requireF16(where);
  }
  return dtype;
}

/** Throws a TypeError unless `t` is a live tensor of one of `dtypes` (named `name` in messages). */
export function checkTensor(
  t: unknown,
  name: string,
  dtypes: readonly string[],
  rank?: number | readonly number[],
): Tensor {
  if (!t || typeof t !== 'object' || !('buffer' in t) || !('dtype' in t) || !('shape' in t)) {
    throw new TypeError(`${name} must be a Tensor`);
  }
  const tensor = t as Tensor;
  if (tensor.destroyed) {
    throw new TypeError(`${name} was destroyed`);
  }
  if (!dtypes.includes(tensor.dtype)) {
    throw new TypeError(`${name} must have dtype ${dtypes.join(' or ')}, got ${tensor.dtype}`);
  }
  if (rank !== undefined) {
    const ranks = typeof rank === 'number' ? [rank] : rank;
    if (!ranks.includes(tensor.shape.length)) {
      throw new TypeError(
        `${name} must have rank ${ranks.join(' or ')}, got shape [${tensor.shape.join(', ')}]`,
      );
    }
  }
  return tensor;
}

/** A tensor read as `rows` rows of `cols` elements along its last axis (see {@link checkRows}). */
export interface LastAxisRows {
  /** The checked tensor. */
  readonly tensor: Tensor;
  /** The length of the last axis (1 for a rank-0 tensor). */
  readonly cols: number;
  /** `size / cols` (`size` when the last axis is empty). */
  readonly rows: number;
}

/**
 * {@link checkTensor} for ops that work on every row of the last axis (norms, softmax, argmax, sampling):
 * the tensor (named `name` in messages) and its `rows` x `cols` view.
 */
export function checkRows(t: unknown, name: string, dtypes: readonly string[]): LastAxisRows {
  const tensor = checkTensor(t, name, dtypes);
  const cols = tensor.shape[tensor.shape.length - 1] ?? 1;
  return { tensor, cols, rows: tensor.size / Math.max(1, cols) };
}

/** Positive-integer option check: "`options.x`, when provided, must be …". */
export function intOption(value: unknown, name: string, fallback: number, min = 1): number {
  if (value === undefined) {
    return fallback;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new TypeError(`${name}, when provided, must be an integer >= ${min}, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** Epsilon option check (a number >= 0, `1e-6` when absent): "`options.eps`, when provided, must be …". */
export function epsOption(value: unknown, name: string): number {
  const eps = value ?? 1e-6;
  if (typeof eps !== 'number' || !(eps >= 0)) {
    throw new TypeError(`${name}, when provided, must be a number >= 0`);
  }
  return eps;
}

const dummies = new WeakMap<KernelDevice, GPUBuffer[]>();

/**
 * A 16-byte zeroed storage buffer bound where an optional input (bias, residual) is absent. Use distinct
 * `slot`s when one dispatch binds several absent inputs and one of them is writable (WebGPU forbids binding
 * one buffer as writable and read-only storage in the same dispatch).
 */
export function dummyBuffer(device: KernelDevice, slot = 0): GPUBuffer {
  let list = dummies.get(device);
  if (!list) {
    list = [];
    dummies.set(device, list);
  }
  let b = list[slot];
  if (!b) {
    b = device.gpu.createBuffer({ label: `absent-input-${slot}`, size: 16, usage: 0x80 | 0x08 });
    list[slot] = b;
  }
  return b;
}
