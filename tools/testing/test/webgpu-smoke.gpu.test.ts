import { describe, expect, inject, it } from 'vitest';
import { closeness, getTestDevice } from '@nextevent/testing';

const env = await getTestDevice();

const SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&out)) { out[id.x] = a[id.x] * b[id.x] + 1.0; }
}`;

describe.skipIf(!env.device)(`WebGPU smoke (${env.reason ?? 'real adapter'})`, () => {
  it('runs a WGSL compute shader and reads back the right result', async () => {
    const device = env.device as GPUDevice;
    const n = 1000; // not a multiple of the workgroup size
    const a = Float32Array.from({ length: n }, (_, i) => i * 0.5);
    const b = Float32Array.from({ length: n }, (_, i) => 3 - i * 0.25);
    const make = (data: Float32Array<ArrayBuffer>) => {
      const buf = device.createBuffer({
        size: data.byteLength,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
      device.queue.writeBuffer(buf, 0, data);
      return buf;
    };
    const bufA = make(a);
    const bufB = make(b);
    const out = device.createBuffer({ size: n * 4, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC });
    const read = device.createBuffer({
      size: n * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    const module = device.createShaderModule({ label: 'smoke', code: SHADER });
    const pipeline = device.createComputePipeline({ label: 'smoke', layout: 'auto', compute: { module } });
    const bind = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [bufA, bufB, out].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    enc.copyBufferToBuffer(out, 0, read, 0, n * 4);
    device.queue.submit([enc.finish()]);
    await read.mapAsync(GPUMapMode.READ);
    const got = new Float32Array(read.getMappedRange().slice(0));
    read.unmap();
    const expected = a.map((x, i) => x * (b[i] as number) + 1);
    expect(closeness(got, expected, { abs: 1e-5, rel: 1e-6 }).message).toBe('ok');
    for (const buf of [bufA, bufB, out, read]) {
      buf.destroy();
    }
  });
});

describe('WebGPU availability', () => {
  // CI provides requireGpu (NEXTEVENT_REQUIRE_GPU=1 in Node; always in the browser project, which runs Chromium
  // with --enable-unsafe-webgpu), so a missing adapter there is a failure, not a silent skip.
  it.runIf(inject('requireGpu'))('has a WebGPU adapter', () => {
    expect(env.reason).toBeUndefined();
  });
});
