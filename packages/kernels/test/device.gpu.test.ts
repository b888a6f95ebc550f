// Tier 2: the device layer on a real adapter.
import { describe, expect, it } from 'vitest';
import { getTestDevice } from '@nextevent/testing';
import {
  DeviceLostError,
  GpuValidationError,
  requestDevice,
  uploadTensor,
  wrapDevice,
  type Tensor,
} from '@nextevent/kernels';

const env = await getTestDevice();

describe.skipIf(!env.device)(`device layer on a real adapter (${env.reason ?? 'ok'})`, () => {
  it('requestDevice finds the adapter, mirrors its shader-f16 feature, and reports loss on destroy', async () => {
    const dev = await requestDevice();
    expect(dev.features.shaderF16).toBe(env.adapter!.features.has('shader-f16'));
    expect(dev.limits.maxStorageBufferBindingSize).toBe(env.adapter!.limits.maxStorageBufferBindingSize);
    dev.destroy();
    const lost = await dev.lost;
    expect(lost).toBeInstanceOf(DeviceLostError);
    expect(lost.reason).toBe('destroyed');
    expect(() => dev.assertAlive()).toThrow(DeviceLostError);
  });
  it('scope() turns a WebGPU validation error into GpuValidationError', async () => {
    const dev = wrapDevice(env.device!);
    const err = await dev
      .scope('bad buffer', () =>
        dev.gpu.createBuffer({ size: 16, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.STORAGE }),
      )
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuValidationError);
    expect((err as GpuValidationError).label).toBe('bad buffer');
  });
  it('round-trips every dtype through upload and readback', async () => {
    const dev = wrapDevice(env.device!);
    const f = Float32Array.from([1.5, -2, 3.25]);
    expect([...(await uploadTensor(dev, f, { shape: [3] }).readFloat32())]).toEqual([1.5, -2, 3.25]);
    expect([
      ...(await uploadTensor(dev, [1.5, -2, 65504], { shape: [3], dtype: 'f16' }).readFloat32()),
    ]).toEqual([1.5, -2, 65504]);
    expect([...(await uploadTensor(dev, [-7, 9], { shape: [2], dtype: 'i32' }).read())]).toEqual([-7, 9]);
    expect([...(await uploadTensor(dev, [4294967295], { shape: [1], dtype: 'u32' }).read())]).toEqual([
      4294967295,
    ]);
    const bytes = Uint8Array.from([0x21, 0x43, 0x65]);
    expect([...(await uploadTensor(dev, bytes, { shape: [6], dtype: 'int4' }).read())]).toEqual([
      0x21, 0x43, 0x65,
    ]);
  });
  it('reads through pooled staging buffers: reused when sequential, distinct when concurrent, results not aliased', async () => {
    const dev = wrapDevice(env.device!);
    const a = uploadTensor(dev, [1, 2, 3], { shape: [3] });
    const b = uploadTensor(dev, [4, 5, 6], { shape: [3] });
    const first = await a.readFloat32();
    const { hits, misses } = dev.readbackPool.stats;
    const second = await b.readFloat32(); // same bucket: the staging buffer of the first read
    expect(dev.readbackPool.stats.hits).toBe(hits + 1);
    expect(dev.readbackPool.stats.misses).toBe(misses);
    expect([...first]).toEqual([1, 2, 3]); // a copy, not a view of the reused staging memory
    expect([...second]).toEqual([4, 5, 6]);
    const both = await Promise.all([a.readFloat32(), b.readFloat32()]);
    expect(both.map((x) => [...x])).toEqual([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    expect(dev.readbackPool.stats.live).toBe(0);
    dev.release();
    expect(dev.readbackPool.stats.freeBytes).toBe(0);
  });
  it('converts typed arrays by value across dtypes (never reinterprets float bits as integers)', async () => {
    const dev = wrapDevice(env.device!);
    const read = async (t: Tensor) => [...(await t.read())];
    expect(await read(uploadTensor(dev, new Float32Array([1, 2, -3]), { shape: [3], dtype: 'i32' }))).toEqual(
      [1, 2, -3],
    );
    expect(await read(uploadTensor(dev, new Float32Array([1, 2]), { shape: [2], dtype: 'u32' }))).toEqual([
      1, 2,
    ]);
    expect(await read(uploadTensor(dev, new Uint16Array([5, 60000]), { shape: [2], dtype: 'i32' }))).toEqual([
      5, 60000,
    ]);
    expect(await read(uploadTensor(dev, new Int32Array([7, 8]), { shape: [2], dtype: 'u32' }))).toEqual([
      7, 8,
    ]);
    expect(await read(uploadTensor(dev, new Uint16Array([1, 2]), { shape: [2], dtype: 'f32' }))).toEqual([
      1, 2,
    ]);
    expect(() => uploadTensor(dev, new Float32Array([0.5]), { shape: [1], dtype: 'i32' })).toThrow(TypeError);
  });
});
