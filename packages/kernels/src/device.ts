/**
 * Device layer: "can we run this here?" (conventions rule 11). Acquires an adapter and device in the browser or
 * in Node (Dawn through the optional `webgpu` package), requests every useful optional feature and the adapter's
 * maximum storage limits, turns error scopes and device loss into typed errors, and owns the per-device caches
 * (buffer pool, compute pipelines, constant uniform buffers).
 */
import { BufferPool, READBACK_USAGE } from './buffer-pool.js';
import {
  DeviceLostError,
  GpuOutOfMemoryError,
  GpuValidationError,
  UnsupportedFeatureError,
  WebGpuUnavailableError,
} from './errors.js';

/** Optional features requested by default when the adapter has them. */
export const OPTIONAL_FEATURES: readonly GPUFeatureName[] = ['shader-f16', 'subgroups', 'timestamp-query'];

/** Limits raised to the adapter's maximum by default (the WebGPU defaults are 128 MiB bindings, 256 threads). */
export const RAISED_LIMITS = [
  'maxStorageBufferBindingSize',
  'maxBufferSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;

/** What the device can do, as the ops need to know it. */
export interface DeviceFeatures {
  /** `shader-f16`: f16 storage and arithmetic in WGSL (else every op runs in f32). */
  readonly shaderF16: boolean;
  /** `subgroups` WGSL builtins. */
  readonly subgroups: boolean;
  /** `timestamp-query` for GPU timing. */
  readonly timestampQuery: boolean;
}

/** The limits the ops size their work by. */
export interface DeviceLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupStorageSize: number;
  readonly maxComputeInvocationsPerWorkgroup: number;
  readonly maxComputeWorkgroupsPerDimension: number;
  readonly maxStorageBuffersPerShaderStage: number;
}

/** Options of {@link requestDevice}. */
export interface RequestDeviceOptions {
  /** Adapter power preference. Default: `'high-performance'`. */
  powerPreference?: GPUPowerPreference;
  /** Features that must exist; a missing one throws {@link UnsupportedFeatureError}. Default: none. */
  requiredFeatures?: readonly GPUFeatureName[];
  /** Features requested when present. Default: {@link OPTIONAL_FEATURES}. Pass `[]` to force f32-only. */
  optionalFeatures?: readonly GPUFeatureName[];
  /** Raise {@link RAISED_LIMITS} to the adapter's maxima. Default: `true`. */
  maxLimits?: boolean;
  /** The WebGPU entry point to use instead of `navigator.gpu` (e.g. Dawn's `create([...])` result). */
  gpu?: GPU;
  /** Dawn flags when the `webgpu` package is loaded in Node, e.g. `['adapter=llvmpipe']`. Default: `[]`. */
  dawnFlags?: readonly string[];
  /** Device label. Default: `'@nextevent/kernels'`. */
  label?: string;
}

interface WebGpuModule {
  create(flags: string[]): GPU;
  globals: Record<string, unknown>;
}

let dawnGpu: GPU | undefined;

/** Finds the WebGPU entry point: the given one, `navigator.gpu`, or (in Node) Dawn from the `webgpu` package. */
export async function getGpu(options: { gpu?: GPU; dawnFlags?: readonly string[] } = {}): Promise<GPU> {
  if (options.gpu) {
    return options.gpu;
  }
  const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator;
  if (nav?.gpu) {
    return nav.gpu;
  }
  const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions
    ?.node;
  if (isNode !== 'string') {
    throw new WebGpuUnavailableError(
      'navigator.gpu is missing: this browser has no WebGPU (Chromium on Linux needs --enable-unsafe-webgpu; ' +
        'WebGPU also needs a secure context)',
    );
  }
  if (!dawnGpu) {
    const spec = 'webgpu'; // a variable keeps bundlers from resolving the Node-only package for the browser
    let mod: WebGpuModule;
    try {
      mod = (await import(/* @vite-ignore */ spec)) as WebGpuModule;
    } catch (cause) {
      throw new WebGpuUnavailableError(
        `no navigator.gpu in Node and the optional peer 'webgpu' (Dawn) could not be loaded: ${String(cause)}`,
      );
    }
    for (const [k, v] of Object.entries(mod.globals)) {
      if (!(k in globalThis)) {
        (globalThis as Record<string, unknown>)[k] = v;
      }
    }
    dawnGpu = mod.create([...(options.dawnFlags ?? [])]);
  }
  return dawnGpu;
}

/**
 * Acquires an adapter and a device with every available optional feature and the adapter's maximum limits,
 * wrapped as a {@link KernelDevice}. Throws {@link WebGpuUnavailableError} when there is no adapter and
 * {@link UnsupportedFeatureError} when a required feature is missing.
 */
export async function requestDevice(options: RequestDeviceOptions = {}): Promise<KernelDevice> {
  const gpuOptions: { gpu?: GPU; dawnFlags?: readonly string[] } = {};
  if (options.gpu) {
    gpuOptions.gpu = options.gpu;
  }
  if (options.dawnFlags) {
    gpuOptions.dawnFlags = options.dawnFlags;
  }
  const gpu = await getGpu(gpuOptions);
  const adapter = await gpu.requestAdapter({
    powerPreference: options.powerPreference ?? 'high-performance',
  });
  if (!adapter) {
    throw new WebGpuUnavailableError(
      'requestAdapter() returned null: no WebGPU adapter (in Node, point VK_ICD_FILENAMES at a Vulkan driver ' +
        'such as lavapipe or SwiftShader)',
    );
  }
  for (const f of options.requiredFeatures ?? []) {
    if (!adapter.features.has(f)) {
      throw new UnsupportedFeatureError(f, 'requestDevice()');
    }
  }
  const wanted = new Set<GPUFeatureName>([
    ...(options.requiredFeatures ?? []),
    ...(options.optionalFeatures ?? OPTIONAL_FEATURES),
  ]);
  const requiredFeatures = [...wanted].filter((f) => adapter.features.has(f));
  const requiredLimits: Record<string, number> = {};
  if (options.maxLimits ?? true) {
    for (const name of RAISED_LIMITS) {
      requiredLimits[name] = adapter.limits[name];
    }
  }
  const device = await adapter.requestDevice({
    label: options.label ?? '@nextevent/kernels',
    requiredFeatures,
    requiredLimits,
  });
  return new KernelDevice(device, adapter.info);
}

/** Wraps a device created elsewhere (e.g. by an app or a test helper). Features are read from the device. */
export function wrapDevice(device: GPUDevice, adapterInfo?: GPUAdapterInfo): KernelDevice {
  return new KernelDevice(device, adapterInfo);
}

function errorText(e: GPUError): string {
  return e.message;
}

/**
 * A GPU device plus what the ops share on it: detected features and limits, a buffer pool, a pipeline cache
 * keyed by the template parameters, and constant uniform buffers. Create with {@link requestDevice} or
 * {@link wrapDevice}; `destroy()` (or `using`) releases everything.
 */
export class KernelDevice {
  /** The WebGPU device. */
  readonly gpu: GPUDevice;
  /** Adapter info when known (vendor, architecture, description). */
  readonly adapterInfo: GPUAdapterInfo | undefined;
  /** Detected features. */
  readonly features: DeviceFeatures;
  /** Device limits used by the ops. */
  readonly limits: DeviceLimits;
  /** Pool for intermediate tensors. */
  readonly pool: BufferPool;
  /** Pool of the staging buffers that tensor reads map (kept up to 64 MiB free). */
  readonly readbackPool: BufferPool;
  /** Resolves with a {@link DeviceLostError} when the device is lost (never rejects). */
  readonly lost: Promise<DeviceLostError>;
  readonly #pipelines = new Map<string, GPUComputePipeline>();
  readonly #uniforms = new Map<string, GPUBuffer>();
  #lostError: DeviceLostError | undefined;
  #uncaptured: GPUError | undefined;
  readonly #onUncaptured = (ev: GPUUncapturedErrorEvent): void => {
    this.#uncaptured ??= ev.error;
  };

  constructor(device: GPUDevice, adapterInfo?: GPUAdapterInfo) {
    this.gpu = device;
    this.adapterInfo = adapterInfo;
    this.features = {
      shaderF16: device.features.has('shader-f16'),
      subgroups: device.features.has('subgroups'),
      timestampQuery: device.features.has('timestamp-query'),
    };
    const l = device.limits;
    this.limits = {
      maxStorageBufferBindingSize: l.maxStorageBufferBindingSize,
      maxBufferSize: l.maxBufferSize,
      maxComputeWorkgroupStorageSize: l.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: l.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupsPerDimension: l.maxComputeWorkgroupsPerDimension,
      maxStorageBuffersPerShaderStage: l.maxStorageBuffersPerShaderStage,
    };
    this.pool = new BufferPool(device);
    this.readbackPool = new BufferPool(device, 64 * 1024 * 1024, READBACK_USAGE);
    this.lost = device.lost.then((info) => {
      this.#lostError = new DeviceLostError(info.reason, info.message);
      return this.#lostError;
    });
    device.addEventListener('uncapturederror', this.#onUncaptured);
  }

  /** The float dtype to prefer on this device: `'f16'` with `shader-f16`, else `'f32'`. */
  get preferredFloat(): 'f16' | 'f32' {
    return this.features.shaderF16 ? 'f16' : 'f32';
  }

  /** The error the device was lost with, if it was. */
  get lostError(): DeviceLostError | undefined {
    return this.#lostError;
  }

  /** Throws {@link UnsupportedFeatureError} unless the device has `shader-f16` (call before building f16 ops). */
  requireF16(what: string): void {
    if (!this.features.shaderF16) {
      throw new UnsupportedFeatureError('shader-f16', what);
    }
  }

  /** Throws the {@link DeviceLostError} if the device was lost. */
  assertAlive(): void {
    if (this.#lostError) {
      throw this.#lostError;
    }
  }

  /**
   * Runs `fn` inside validation and out-of-memory error scopes and throws {@link GpuValidationError} or
   * {@link GpuOutOfMemoryError} (labelled `label`) if WebGPU reported one.
   */
  async scope<T>(label: string, fn: () => T): Promise<T> {
    this.assertAlive();
    this.gpu.pushErrorScope('out-of-memory');
    this.gpu.pushErrorScope('validation');
    let value: T;
    try {
      value = fn();
    } finally {
      const validation = await this.gpu.popErrorScope();
      const oom = await this.gpu.popErrorScope();
      if (oom) {
        // eslint-disable-next-line no-unsafe-finally
        throw new GpuOutOfMemoryError(label, errorText(oom));
      }
      if (validation) {
        // eslint-disable-next-line no-unsafe-finally
        throw new GpuValidationError(label, errorText(validation));
      }
    }
    return value;
  }

  /**
   * Waits for submitted work, then throws the first uncaptured WebGPU error since the last call (as a typed
   * error) or the {@link DeviceLostError}.
   */
  async sync(): Promise<void> {
    this.assertAlive();
    await this.gpu.queue.onSubmittedWorkDone();
    this.assertAlive();
    const e = this.#uncaptured;
    this.#uncaptured = undefined;
    if (e) {
      if (e.constructor.name === 'GPUOutOfMemoryError' || /out of memory/i.test(e.message)) {
        throw new GpuOutOfMemoryError('device', e.message);
      }
      throw new GpuValidationError('device', e.message);
    }
  }

  /**
   * The compute pipeline for `key`, built once by `build` (op name + template parameters; see each op's
   * `pipelineKey`). Shader compilation errors surface as {@link GpuValidationError} through {@link sync} or the
   * op's `ready` promise.
   */
  pipeline(key: string, build: () => GPUComputePipeline): GPUComputePipeline {
    let p = this.#pipelines.get(key);
    if (!p) {
      p = build();
      this.#pipelines.set(key, p);
    }
    return p;
  }

  /** Keys of the cached pipelines (for tests and diagnostics). */
  get pipelineKeys(): string[] {
    return [...this.#pipelines.keys()];
  }

  /**
   * An immutable uniform buffer holding `words` (4-byte slots), shared by every run with the same values. It is
   * never written again, so encoders recorded earlier stay valid.
   */
  uniform(words: Uint32Array): GPUBuffer {
    let key = '';
    for (const w of words) {
      key += `${w.toString(36)},`;
    }
    let b = this.#uniforms.get(key);
    if (!b) {
      if (this.#uniforms.size >= 4096) {
        const first = this.#uniforms.keys().next();
        if (!first.done) {
          this.#uniforms.delete(first.value); // dropped, not destroyed: a pending encoder may still use it
        }
      }
      const size = Math.max(16, Math.ceil((words.length * 4) / 16) * 16);
      b = this.gpu.createBuffer({ label: 'uniforms', size, usage: 0x40 | 0x08, mappedAtCreation: true }); // UNIFORM|COPY_DST
      new Uint32Array(b.getMappedRange()).set(words);
      b.unmap();
      this.#uniforms.set(key, b);
    }
    return b;
  }

  /**
   * Frees pooled buffers and caches and stops listening to the GPU device's errors, leaving the device itself alive:
   * for a device wrapped with {@link wrapDevice} that its owner keeps using. This object must not be used after.
   */
  release(): void {
    this.pool.trim();
    this.readbackPool.trim();
    this.#pipelines.clear();
    this.#uniforms.clear();
    this.gpu.removeEventListener('uncapturederror', this.#onUncaptured);
  }

  /** {@link release}, then destroys the GPU device. */
  destroy(): void {
    this.release();
    this.gpu.destroy();
  }

  /** Same as {@link destroy}. */
  [Symbol.dispose](): void {
    this.destroy();
  }
}
