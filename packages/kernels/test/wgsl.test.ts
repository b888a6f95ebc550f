// Tier 1 without a GPU: the generated WGSL and the host-side call sequence against a recording mock GPUDevice,
// the pipeline cache, and the argument errors.
import { describe, expect, it } from 'vitest';
import { createMockGpuDevice } from '@nextevent/testing';
import {
  createArgmax,
  createAttention,
  createAttentionDecode,
  createBinary,
  createDequantizeInt4,
  createEmbedding,
  createGelu,
  createKvCacheWrite,
  createLayerNorm,
  createMatmul,
  createMatmulInt4,
  createPreprocess,
  createRmsNorm,
  createRope,
  createSampler,
  createSiluMul,
  createSoftmax,
  createTensor,
  encodeTensorData,
  pipelineKey,
  quantizeInt4,
  quantizeInt8,
  uploadInt4Weight,
  specialize,
  uploadTensor,
  wrapDevice,
  type KernelDevice,
} from '@nextevent/kernels';

function allOps(d: KernelDevice, dtype: 'f32' | 'f16'): void {
  createMatmul(d, { dtype });
  createMatmul(d, { dtype, transposeB: true });
  createMatmulInt4(d, { dtype });
  createDequantizeInt4(d, { dtype });
  createEmbedding(d, { dtype });
  createEmbedding(d, { dtype, table: 'int4' });
  createEmbedding(d, { dtype, table: 'int8' });
  createRmsNorm(d, { dtype });
  createLayerNorm(d, { dtype });
  createSoftmax(d, { dtype });
  createRope(d, { dtype, headDim: 128, mode: 'mrope' });
  createBinary(d, { dtype, op: 'add' });
  createSiluMul(d, { dtype });
  createGelu(d, { dtype, variant: 'quick' });
  createAttention(d, { dtype, numHeads: 4, numKvHeads: 2, headDim: 64 });
  createAttentionDecode(d, { dtype, numHeads: 4, numKvHeads: 2, headDim: 64 });
  createKvCacheWrite(d, { dtype });
  createArgmax(d, { dtype });
  createSampler(d, { dtype });
  createPreprocess(d, { dtype, width: 28, height: 28 });
}

describe('generated WGSL (snapshot)', () => {
  for (const dtype of ['f32', 'f16'] as const) {
    it(`every op's shader modules and pipelines, ${dtype}`, () => {
      const mock = createMockGpuDevice({ features: ['shader-f16'] });
      const d = wrapDevice(mock.device);
      allOps(d, dtype);
      // each WGSL file compiles once per specialization; every module and pipeline is labelled with its op
      const labels = mock.shaders.map((s) => s.label);
      expect(labels.every((l) => l.length > 0 && l.includes(dtype))).toBe(true);
      expect(new Set(d.pipelineKeys).size).toBe(d.pipelineKeys.length);
      expect(mock.shaders.every((s) => (dtype === 'f16') === s.code.startsWith('enable f16;'))).toBe(true);
      expect(mock.shaders.every((s) => !/\{\{\w+\}\}/.test(s.code))).toBe(true);
      expect(mock.shaders).toMatchSnapshot();
      expect(mock.calls.filter((c) => c.method === 'createComputePipeline')).toMatchSnapshot();
    });
  }
});

describe('host calls of one op run (snapshot)', () => {
  it('matmul with bias records one pass: pipeline, bind group (uniforms, a, b, bias, out), dispatch', () => {
    const mock = createMockGpuDevice();
    const d = wrapDevice(mock.device);
    const mm = createMatmul(d, { transposeB: true });
    const a = uploadTensor(d, new Float32Array(40 * 8), { shape: [40, 8], label: 'a' });
    const b = uploadTensor(d, new Float32Array(70 * 8), { shape: [70, 8], label: 'b' });
    const bias = uploadTensor(d, new Float32Array(70), { shape: [70], label: 'bias' });
    mock.calls.length = 0;
    const out = mm.run({ a, b, bias });
    expect(out.shape).toEqual([40, 70]);
    expect(mock.calls).toMatchInlineSnapshot(`
      [
        {
          "args": {
            "size": 11264,
            "usage": 140,
          },
          "label": "matmul out",
          "method": "createBuffer",
        },
        {
          "label": "matmul-vec4(f32,64x64)",
          "method": "beginComputePass",
        },
        {
          "args": {
            "size": 32,
            "usage": 72,
          },
          "label": "uniforms",
          "method": "createBuffer",
        },
        {
          "args": [
            {
              "binding": 0,
              "resource": "uniforms#4(32)",
            },
            {
              "binding": 1,
              "resource": "a#0(1280)",
            },
            {
              "binding": 2,
              "resource": "b#1(2240)",
            },
            {
              "binding": 3,
              "resource": "bias#2(280)",
            },
            {
              "binding": 4,
              "resource": "matmul out#3(11264)",
            },
          ],
          "label": "matmul-vec4(f32,64x64)",
          "method": "createBindGroup",
        },
        {
          "label": "matmul-vec4(f32,64x64)",
          "method": "setPipeline",
        },
        {
          "args": 0,
          "label": "matmul-vec4(f32,64x64)",
          "method": "setBindGroup",
        },
        {
          "args": [
            2,
            1,
            1,
          ],
          "label": "matmul-vec4(f32,64x64)",
          "method": "dispatchWorkgroups",
        },
        {
          "args": 1,
          "method": "submit",
        },
      ]
    `);
  });
  it('reuses cached pipelines and constant uniform buffers across op instances and runs', () => {
    const mock = createMockGpuDevice();
    const d = wrapDevice(mock.device);
    const x = createTensor(d, { shape: [3, 16] });
    const w = createTensor(d, { shape: [16] });
    createRmsNorm(d).run({ x, weight: w });
    createRmsNorm(d).run({ x, weight: w });
    expect(mock.calls.filter((c) => c.method === 'createShaderModule')).toHaveLength(1);
    expect(mock.calls.filter((c) => c.label === 'uniforms')).toHaveLength(1);
    expect(d.pipelineKeys).toEqual([pipelineKey('rmsnorm', { T: 'f32' })]);
  });
});

describe('binding limits', () => {
  it('names the op and the tensor that exceeds maxStorageBufferBindingSize', () => {
    const d = wrapDevice(createMockGpuDevice({ limits: { maxStorageBufferBindingSize: 1024 } }).device);
    const x = createTensor(d, { shape: [4, 100] });
    const w = createTensor(d, { shape: [100] });
    expect(() => createRmsNorm(d).run({ x, weight: w })).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: rmsnorm(f32): a f32 tensor of shape [4, 100] (1600 bytes) exceeds the device's maxStorageBufferBindingSize (1024); split it]`,
    );
  });
});

describe('specialize and pipelineKey', () => {
  it('fills placeholders, enables f16, and rejects a missing value', () => {
    expect(specialize('alias T = {{T}};', { T: 'f16' })).toBe('enable f16;\nalias T = f16;');
    expect(specialize('alias T = {{T}};', { T: 'f32' })).toBe('alias T = f32;');
    expect(() => specialize('{{X}}', {})).toThrowErrorMatchingInlineSnapshot(
      `[Error: WGSL template placeholder {{X}} has no value]`,
    );
    expect(pipelineKey('op', { b: 1, a: 'x' })).toBe('op(a=x,b=1)');
  });
});

describe('argument errors name what and where', () => {
  const d = wrapDevice(createMockGpuDevice().device);
  it('f16 without shader-f16', () => {
    expect(() => createMatmul(d, { dtype: 'f16' })).toThrowErrorMatchingInlineSnapshot(
      `[UnsupportedFeatureError: createMatmul options needs the WebGPU feature 'shader-f16', which this device does not have]`,
    );
  });
  it('bad options and shapes', () => {
    expect(() => createRope(d, { headDim: 7 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: createRope options.headDim must be a positive even integer (multiple of 4 for vision), got 7]`,
    );
    expect(() =>
      createAttention(d, { numHeads: 4, numKvHeads: 3, headDim: 8 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: createAttention options.numKvHeads, when provided, must be a positive integer dividing numHeads (4), got 3]`,
    );
    const a = createTensor(d, { shape: [2, 3] });
    const b = createTensor(d, { shape: [4, 5] });
    expect(() => createMatmul(d).run({ a, b })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: matmul: a is [.., 2, 3] but b has K = 4 (shape [4, 5])]`,
    );
    expect(() => uploadTensor(d, new Float32Array(5), { shape: [2, 3] })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: uploadTensor data has 20 bytes, but 6 f32 elements need 24]`,
    );
  });
  it('last-axis ops and eps options', () => {
    const x = createTensor(d, { shape: [2, 3], dtype: 'u32' });
    expect(() => createSoftmax(d).run({ x })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: softmax x must have dtype f32, got u32]`,
    );
    expect(() => createArgmax(d).run({ logits: x })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: argmax logits must have dtype f32, got u32]`,
    );
    expect(() => createRmsNorm(d).run({ x, weight: x })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: rmsnorm x must have dtype f32, got u32]`,
    );
    expect(() => createLayerNorm(d, { eps: -1 })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: createLayerNorm options.eps, when provided, must be a number >= 0]`,
    );
  });
});

describe('review fixes: validation at the public boundary', () => {
  const d = wrapDevice(createMockGpuDevice().device);
  it('an out tensor of the wrong shape is refused by every op, the swiglu GEMV paths included', () => {
    const x = createTensor(d, { shape: [2, 3] });
    expect(() =>
      createSoftmax(d).run({ x, out: createTensor(d, { shape: [2, 2] }) }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: softmax out must have shape [2, 3] (6 elements), got [2, 2] (4 elements)]`,
    );
    expect(() =>
      createSoftmax(d).run({ x, out: createTensor(d, { shape: [3, 2] }) }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: softmax out must have shape [2, 3] (6 elements), got [3, 2] (6 elements)]`,
    );
    const w = uploadInt4Weight(d, quantizeInt4(new Float32Array(4 * 32), 4, 32, 32));
    const a = createTensor(d, { shape: [1, 32] });
    const small = createTensor(d, { shape: [1, 1] });
    expect(() => createMatmulInt4(d).run({ x: a, weight: w, out: small })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: matmul-int4 out must have shape [1, 4] (4 elements), got [1, 1] (1 elements)]`,
    );
    expect(() =>
      createMatmulInt4(d).run({ x: a, weight: w, activation: 'swiglu', out: small.view([1]) }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: matmul-int4 out must have shape [1, 2] (2 elements), got [1] (1 elements)]`,
    );
    const b = createTensor(d, { shape: [4, 32] });
    expect(() =>
      createMatmul(d, { transposeB: true }).run({ a, b, activation: 'swiglu', out: small }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: matmul out must have shape [1, 2] (2 elements), got [1, 1] (1 elements)]`,
    );
    const a8 = createTensor(d, { shape: [8, 32] }); // the prefill path (GEMM, then silu-mul)
    expect(() =>
      createMatmul(d, { transposeB: true }).run({ a: a8, b, activation: 'swiglu', out: small }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: matmul out must have shape [8, 2] (16 elements), got [1, 1] (1 elements)]`,
    );
    // the right shape (or a view to it) is accepted
    const right = createTensor(d, { shape: [6] });
    expect(createSoftmax(d).run({ x, out: right.view([2, 3]) }).shape).toEqual([2, 3]);
  });
  it('uploads convert by value or refuse: floats are never reinterpreted as integer bits', () => {
    const ints = (bytes: Uint8Array) => [...new Int32Array(bytes.slice().buffer)];
    expect(ints(encodeTensorData(new Float32Array([1, 2, -3]), 'i32', 3))).toEqual([1, 2, -3]);
    expect(ints(encodeTensorData(new Uint16Array([7, 65535]), 'u32', 2))).toEqual([7, 65535]);
    expect(ints(encodeTensorData(new Int32Array([-1, 5]), 'i32', 2))).toEqual([-1, 5]);
    expect([
      ...new Uint32Array(encodeTensorData(new Uint32Array([4294967295]), 'u32', 1).slice().buffer),
    ]).toEqual([4294967295]);
    expect([...new Float32Array(encodeTensorData(new Uint16Array([1, 2]), 'f32', 2).slice().buffer)]).toEqual(
      [1, 2],
    );
    expect(() =>
      uploadTensor(d, new Float32Array([1, 2.5]), { shape: [2], dtype: 'i32', label: 'ids' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: uploadTensor data for 'ids': element 1 is 2.5, but Float32Array data is converted by value to i32, so every element must be an integer in [-2147483648, 2147483647]]`,
    );
    expect(() =>
      uploadTensor(d, new Int32Array([3, -1]), { shape: [2], dtype: 'u32' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: uploadTensor data: element 1 is -1, but Int32Array data is converted by value to u32, so every element must be an integer in [0, 4294967295]]`,
    );
    expect(() =>
      uploadTensor(d, new Float32Array(2), { shape: [16], dtype: 'int4' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: uploadTensor data is a Float32Array, but int4 tensors take packed data (Uint8Array/Int8Array bytes, Uint32Array/Int32Array words or number[] bytes); quantise floats with quantizeInt4]`,
    );
    expect(() =>
      uploadTensor(d, 'abc' as unknown as number[], { shape: [3] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: uploadTensor data must be a typed array or number[], got string]`,
    );
  });
  it('unknown dtypes are TypeErrors, not WebGPU range errors', () => {
    expect(() => createTensor(d, { shape: [2], dtype: 'bf16' as 'f16' })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: createTensor options.dtype, when provided, must be one of 'f32', 'f16', 'i32', 'u32', 'int4', 'int8', got "bf16"]`,
    );
    expect(() =>
      uploadTensor(d, [1, 2], { shape: [2], dtype: 'bf16' as 'f16' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: uploadTensor options.dtype, when provided, must be one of 'f32', 'f16', 'i32', 'u32', 'int4', 'int8', got "bf16"]`,
    );
  });
  it('the sampler checks the types of random, topK, topP and temperature', () => {
    const logits = createTensor(d, { shape: [1, 8] });
    const s = createSampler(d);
    expect(() =>
      s.run({ logits, random: createTensor(d, { shape: [1] }) as unknown as number }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: sample random must be a number or an array of 1 number(s) in [0, 1) (one per row), got a Tensor]`,
    );
    expect(() =>
      s.run({ logits, random: ['0.5'] as unknown as number[] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: sample random must be a number or an array of 1 number(s) in [0, 1) (one per row), got ["0.5"]]`,
    );
    expect(() =>
      s.run({ logits, random: 0.5, topP: '0.9' as unknown as number }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: sample topP, when provided, must be a number in (0, 1], got "0.9"]`,
    );
    expect(() =>
      s.run({ logits, random: 0.5, temperature: '2' as unknown as number }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: sample temperature, when provided, must be a number > 0, got "2"]`,
    );
  });
  it('quantizeInt4 and quantizeInt8 validate group size and length up front', () => {
    expect(() => quantizeInt4(new Float32Array(64), 2, 32, 16)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: quantizeInt4: groupSize, when provided, must be 32, 64, 128, got 16]`,
    );
    expect(() => quantizeInt4(new Float32Array(40), 2, 32)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: quantizeInt4: w has 40 values, but an [2, 32] weight needs 64]`,
    );
    expect(() => quantizeInt4(new Float32Array(64), 2, 48, 32)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: quantizeInt4: K (48) must be a multiple of groupSize (32)]`,
    );
    const nan = new Float32Array(64);
    nan[33] = NaN;
    expect(() => quantizeInt4(nan, 2, 32)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: quantizeInt4: w[33] is NaN, not a finite number]`,
    );
    expect(() => quantizeInt8(new Float32Array(10), 2, 32)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: quantizeInt8: w has 10 values, but a [2, 32] table needs 64]`,
    );
  });
});
