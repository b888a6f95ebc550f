/** A WebGPU device for tests, or the reason there is none (so tests can skip visibly). */
export type TestDevice =
  | { device: GPUDevice; adapter: GPUAdapter; reason?: undefined }
  | { device?: undefined; adapter?: undefined; reason: string };

let cached: Promise<TestDevice> | undefined;

/**
 * Requests an adapter and a device with every optional feature the adapter has and its maximum storage limits.
 * In Node the Vitest setup file installs Dawn's `navigator.gpu` first. The device is shared by a test file.
 */
export function getTestDevice(): Promise<TestDevice> {
  cached ??= acquire();
  return cached;
}

async function acquire(): Promise<TestDevice> {
  const gpu = (globalThis.navigator as Navigator | undefined)?.gpu;
  if (!gpu) {
    return { reason: 'navigator.gpu is missing (no WebGPU in this environment)' };
  }
  const adapter = await gpu.requestAdapter();
  if (!adapter) {
    return {
      reason: 'requestAdapter() returned null (no Vulkan driver? see tools/scripts/setup-lavapipe.sh)',
    };
  }
  const wanted: GPUFeatureName[] = ['shader-f16', 'subgroups', 'timestamp-query'];
  const requiredFeatures = wanted.filter((f) => adapter.features.has(f));
  const device = await adapter.requestDevice({
    requiredFeatures,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeWorkgroupStorageSize: adapter.limits.maxComputeWorkgroupStorageSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
      maxStorageBuffersPerShaderStage: adapter.limits.maxStorageBuffersPerShaderStage,
    },
  });
  return { device, adapter };
}
