// Tier 1: the device layer without a GPU (fake GPU entry points and the recording mock device).
import { describe, expect, it } from 'vitest';
import { createMockGpuDevice } from '@nextevent/testing';
import {
  BufferPool,
  createTensor,
  DeviceLostError,
  GpuOutOfMemoryError,
  GpuValidationError,
  requestDevice,
  uploadTensor,
  wrapDevice,
} from '@nextevent/kernels';

function fakeGpu(adapter: unknown): GPU {
  return { requestAdapter: () => Promise.resolve(adapter) } as unknown as GPU;
}

describe('requestDevice', () => {
  it('explains a missing adapter', async () => {
    await expect(requestDevice({ gpu: fakeGpu(null) })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[WebGpuUnavailableError: requestAdapter() returned null: no WebGPU adapter (in Node, point VK_ICD_FILENAMES at a Vulkan driver such as lavapipe or SwiftShader)]`,
    );
  });
  it('names a missing required feature', async () => {
    const adapter = { features: new Set(['subgroups']), limits: {}, info: {} };
    await expect(
      requestDevice({ gpu: fakeGpu(adapter), requiredFeatures: ['shader-f16'] }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[UnsupportedFeatureError: requestDevice() needs the WebGPU feature 'shader-f16', which this device does not have]`,
    );
  });
  it('requests the optional features the adapter has and its maximum limits', async () => {
    const mock = createMockGpuDevice({ features: ['shader-f16'] });
    let descriptor: GPUDeviceDescriptor | undefined;
    const limits = {
      maxStorageBufferBindingSize: 1 << 30,
      maxBufferSize: 1 << 31,
      maxComputeWorkgroupStorageSize: 32768,
      maxComputeInvocationsPerWorkgroup: 1024,
      maxComputeWorkgroupSizeX: 1024,
      maxStorageBuffersPerShaderStage: 16,
    };
    const adapter = {
      features: new Set(['shader-f16', 'timestamp-query', 'texture-compression-bc']),
      limits,
      info: { vendor: 'test' },
      requestDevice: (d: GPUDeviceDescriptor) => {
        descriptor = d;
        return Promise.resolve(mock.device);
      },
    };
    const dev = await requestDevice({ gpu: fakeGpu(adapter) });
    expect(descriptor?.requiredFeatures).toEqual(['shader-f16', 'timestamp-query']);
    expect(descriptor?.requiredLimits).toEqual(limits);
    expect(dev.features).toEqual({ shaderF16: true, subgroups: false, timestampQuery: false });
    expect(dev.preferredFloat).toBe('f16');
    const f32only = await requestDevice({ gpu: fakeGpu(adapter), optionalFeatures: [] });
    expect(descriptor?.requiredFeatures).toEqual([]);
    expect(f32only).toBeDefined();
  });
});

describe('KernelDevice error handling', () => {
  it('turns error scopes into typed errors with the label', async () => {
    const mock = createMockGpuDevice();
    const errors: (GPUError | null)[] = [];
    (mock.device as { popErrorScope: () => Promise<GPUError | null> }).popErrorScope = () =>
      Promise.resolve(errors.shift() ?? null);
    const dev = wrapDevice(mock.device);
    errors.push({ message: 'bad binding' }, null);
    await expect(dev.scope('upload weights', () => 1)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[GpuValidationError: upload weights: bad binding]`,
    );
    errors.push(null, { message: 'allocation failed' });
    const oom = await dev.scope('kv cache', () => 1).catch((e: unknown) => e);
    expect(oom).toBeInstanceOf(GpuOutOfMemoryError);
    expect((oom as GpuOutOfMemoryError).label).toBe('kv cache');
    expect(await dev.scope('fine', () => 42)).toBe(42);
  });
  it('reports device loss with its reason and refuses further work', async () => {
    const mock = createMockGpuDevice();
    let lose: (info: GPUDeviceLostInfo) => void = () => undefined;
    (mock.device as { lost: Promise<GPUDeviceLostInfo> }).lost = new Promise((r) => (lose = r));
    const dev = wrapDevice(mock.device);
    lose({ reason: 'unknown', message: 'driver reset' } as GPUDeviceLostInfo);
    const err = await dev.lost;
    expect(err).toBeInstanceOf(DeviceLostError);
    expect(err.reason).toBe('unknown');
    expect(() => dev.assertAlive()).toThrowErrorMatchingInlineSnapshot(
      `[DeviceLostError: GPU device lost (unknown): driver reset]`,
    );
    expect(GpuValidationError.name).toBe('GpuValidationError');
  });
});

describe('BufferPool and tensors', () => {
  it('reuses released buffers of the same bucket and trims free ones', () => {
    const mock = createMockGpuDevice();
    const pool = new BufferPool(mock.device, 1024 * 1024);
    const a = pool.acquire(1000);
    pool.release(a);
    const b = pool.acquire(1024);
    expect(b).toBe(a);
    expect(pool.stats).toEqual({ live: 1, freeBytes: 0, hits: 1, misses: 1 });
    pool.release(b);
    pool.trim();
    expect(pool.stats.freeBytes).toBe(0);
  });
  it('drops (never destroys) buffers evicted over the byte budget; trim() destroys', () => {
    const mock = createMockGpuDevice();
    const pool = new BufferPool(mock.device, 1024);
    const bufs = [pool.acquire(1024), pool.acquire(1024), pool.acquire(1024)];
    bufs.forEach((b) => pool.release(b));
    expect(pool.stats.freeBytes).toBe(1024);
    expect(mock.calls.filter((c) => c.method === 'destroyBuffer')).toHaveLength(0);
    pool.trim();
    expect(mock.calls.filter((c) => c.method === 'destroyBuffer')).toHaveLength(1);
  });
  it('views share the buffer; destroy returns pooled buffers; f16 upload converts numbers', () => {
    const dev = wrapDevice(createMockGpuDevice().device);
    const t = createTensor(dev, { shape: [4, 6] });
    const v = t.view([24]);
    expect(v.buffer).toBe(t.buffer);
    v.destroy();
    expect(dev.pool.stats.live).toBe(1);
    t.destroy();
    expect(dev.pool.stats.live).toBe(0);
    expect(() => t.view([2, 2])).toThrow(TypeError);
    const h = uploadTensor(dev, [1, 2, 3], { shape: [3], dtype: 'f16' });
    expect(h.byteLength).toBe(6);
    const q = uploadTensor(dev, new Uint32Array(2), { shape: [2, 8], dtype: 'int4' });
    expect(q.byteLength).toBe(8);
  });
});

describe('KernelDevice.release', () => {
  it('leaves a wrapped device alive and removes the error listener it added (no listener piles up per wrap)', () => {
    const { device } = createMockGpuDevice();
    const listeners = new Set<unknown>();
    let destroyed = false;
    Object.assign(device, {
      addEventListener: (type: string, fn: unknown) => type === 'uncapturederror' && listeners.add(fn),
      removeEventListener: (type: string, fn: unknown) => type === 'uncapturederror' && listeners.delete(fn),
      destroy: () => {
        destroyed = true;
      },
    });
    for (let i = 0; i < 3; i++) {
      const dev = wrapDevice(device);
      expect(listeners.size).toBe(1);
      dev.release();
      expect(listeners.size).toBe(0);
    }
    expect(destroyed).toBe(false);
    wrapDevice(device).destroy();
    expect([listeners.size, destroyed]).toEqual([0, true]);
  });
});
