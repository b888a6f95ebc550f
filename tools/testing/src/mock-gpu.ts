/**
 * A recording mock of `GPUDevice` for tier-1 tests (conventions rule 8): no adapter needed. It keeps every shader
 * module's code and label, every pipeline, bind group, dispatch, copy and submit in `calls`, so tests can
 * snapshot the generated WGSL and the host-side call sequence. Buffers are plain ArrayBuffers; nothing executes.
 */

/** One recorded call. */
export interface MockCall {
  /** e.g. `createShaderModule`, `createComputePipeline`, `createBindGroup`, `dispatchWorkgroups`, `submit`. */
  method: string;
  /** The label of the object created or used, if any. */
  label?: string;
  /** A JSON-friendly summary of the arguments. */
  args?: unknown;
}

/** Options of {@link createMockGpuDevice}. */
export interface MockGpuOptions {
  /** Features the device reports. Default: none. */
  features?: readonly string[];
  /** Limits overriding WebGPU's defaults. */
  limits?: Partial<Record<string, number>>;
}

/** The mock device plus its call log and the WGSL it was given. */
export interface MockGpu {
  device: GPUDevice;
  calls: MockCall[];
  /** Shader modules by label, in creation order. */
  shaders: { label: string; code: string }[];
}

const DEFAULT_LIMITS: Record<string, number> = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupsPerDimension: 65535,
  maxStorageBuffersPerShaderStage: 8,
  minStorageBufferOffsetAlignment: 256,
  minUniformBufferOffsetAlignment: 256,
};

/** Creates a recording mock GPUDevice. */
export function createMockGpuDevice(options: MockGpuOptions = {}): MockGpu {
  const calls: MockCall[] = [];
  const shaders: { label: string; code: string }[] = [];
  let bufferId = 0;
  const label = (d: { label?: string } | undefined) => d?.label ?? '';
  const bufferName = (b: unknown) => {
    const x = b as { label?: string; size?: number; id?: number };
    return `${x.label ?? ''}#${x.id ?? '?'}(${x.size ?? 0})`;
  };
  const makeBuffer = (d: GPUBufferDescriptor) => {
    const data = new ArrayBuffer(d.size);
    const buf = {
      id: bufferId++,
      label: d.label ?? '',
      size: d.size,
      usage: d.usage,
      mapState: 'unmapped',
      mapAsync: () => Promise.resolve(),
      getMappedRange: () => data,
      unmap: () => undefined,
      destroy: () => calls.push({ method: 'destroyBuffer', label: d.label ?? '' }),
    };
    calls.push({ method: 'createBuffer', label: d.label ?? '', args: { size: d.size, usage: d.usage } });
    return buf;
  };
  const pass = (passLabel: string) => ({
    setPipeline: (p: { label?: string }) => calls.push({ method: 'setPipeline', label: label(p) }),
    setBindGroup: (i: number, g: { label?: string }) =>
      calls.push({ method: 'setBindGroup', label: label(g), args: i }),
    dispatchWorkgroups: (x: number, y = 1, z = 1) =>
      calls.push({ method: 'dispatchWorkgroups', label: passLabel, args: [x, y, z] }),
    end: () => undefined,
  });
  const device = {
    label: 'mock',
    features: new Set(options.features ?? []),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    lost: new Promise(() => undefined),
    queue: {
      submit: (cbs: unknown[]) => calls.push({ method: 'submit', args: cbs.length }),
      writeBuffer: (b: unknown, offset: number, _data: unknown, _o?: number, size?: number) =>
        calls.push({ method: 'writeBuffer', label: bufferName(b), args: { offset, size } }),
      writeTexture: () => calls.push({ method: 'writeTexture' }),
      copyExternalImageToTexture: () => calls.push({ method: 'copyExternalImageToTexture' }),
      onSubmittedWorkDone: () => Promise.resolve(),
    },
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    pushErrorScope: () => undefined,
    popErrorScope: () => Promise.resolve(null),
    destroy: () => undefined,
    createBuffer: makeBuffer,
    createTexture: (d: GPUTextureDescriptor) => {
      calls.push({ method: 'createTexture', label: d.label ?? '', args: { size: d.size, format: d.format } });
      const size = d.size as number[];
      return {
        label: d.label ?? '',
        width: size[0],
        height: size[1],
        createView: () => ({ label: `${d.label ?? ''} view` }),
        destroy: () => undefined,
      };
    },
    createShaderModule: (d: GPUShaderModuleDescriptor) => {
      shaders.push({ label: d.label ?? '', code: d.code });
      calls.push({ method: 'createShaderModule', label: d.label ?? '' });
      return { label: d.label ?? '', getCompilationInfo: () => Promise.resolve({ messages: [] }) };
    },
    createComputePipeline: (d: GPUComputePipelineDescriptor) => {
      calls.push({
        method: 'createComputePipeline',
        label: d.label ?? '',
        args: { entryPoint: d.compute.entryPoint, constants: d.compute.constants },
      });
      return {
        label: d.label ?? '',
        getBindGroupLayout: (i: number) => ({ label: `${d.label ?? ''} layout ${i}` }),
      };
    },
    createBindGroup: (d: GPUBindGroupDescriptor) => {
      const entries = [...d.entries].map((e) => {
        const r = e.resource as { buffer?: unknown };
        return { binding: e.binding, resource: r.buffer ? bufferName(r.buffer) : 'texture' };
      });
      calls.push({ method: 'createBindGroup', label: d.label ?? '', args: entries });
      return { label: d.label ?? '' };
    },
    createCommandEncoder: (d?: GPUCommandEncoderDescriptor) => ({
      beginComputePass: (p?: GPUComputePassDescriptor) => {
        calls.push({ method: 'beginComputePass', label: p?.label ?? '' });
        return pass(p?.label ?? '');
      },
      copyBufferToBuffer: (src: unknown, so: number, dst: unknown, doff: number, size: number) =>
        calls.push({
          method: 'copyBufferToBuffer',
          args: [bufferName(src), so, bufferName(dst), doff, size],
        }),
      copyTextureToTexture: () => calls.push({ method: 'copyTextureToTexture' }),
      finish: () => ({ label: d?.label ?? '' }),
    }),
  };
  return { device: device as unknown as GPUDevice, calls, shaders };
}
