import { CpuBackend } from './cpu/backend.js';
import { CpuWeights } from './cpu/weights.js';
import { GpuBackend } from './gpu/backend.js';
import { parseConfig } from './loading/config.js';
import { expectedTensors } from './loading/tensor-list.js';
import { createRng } from './model/sampling.js';
import { QwenVlModel } from './model/model.js';
import { requestDevice, wrapDevice } from '@nextevent/kernels';

/** Options of {@link createRandomModel}. */
export interface RandomModelOptions {
  /** `'cpu'` or `'webgpu'`. Default: `'webgpu'`. */
  backend?: 'cpu' | 'webgpu';
  /**
   * WebGPU device. Default: a new one from @nextevent/kernels, destroyed by `model.dispose()` (a device you pass
   * is left alone).
   */
  device?: GPUDevice;
  /** WebGPU decoder Linear storage. Default: `'int4'`. */
  quantize?: 'f32' | 'int4';
  /** Seed of the weight generator. Default: 1. */
  seed?: number;
  /** WebGPU activation / dense-weight dtype. Default: `'f32'`. */
  dtype?: 'f32' | 'f16';
}

/**
 * A model with random weights (`0.02·U(-√3, √3)`, norms near 1) for a Hugging Face config object: for benchmarks
 * of real shapes (e.g. a 3B-shaped decoder with fewer layers) without downloading a checkpoint. Tensors are
 * generated and uploaded one at a time, like a streamed checkpoint. Labelled untrained.
 */
export async function createRandomModel(
  hfConfig: object,
  options: RandomModelOptions = {},
): Promise<QwenVlModel> {
  const config = { ...parseConfig(hfConfig, undefined, 'createRandomModel config'), untrained: true };
  const rng = createRng(options.seed ?? 1);
  const fill = (n: number, norm: boolean) => {
    const a = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      const u = (rng() * 2 - 1) * Math.sqrt(3); // unit variance
      a[i] = norm ? 1 + 0.05 * u : 0.02 * u;
    }
    return a;
  };
  const tensors = expectedTensors(config);
  if ((options.backend ?? 'webgpu') === 'cpu') {
    const w = new CpuWeights('random');
    for (const t of tensors) {
      w.set(
        t.name,
        fill(
          t.shape.reduce((a, d) => a * d, 1),
          t.norm,
        ),
        t.shape,
      );
    }
    return new QwenVlModel(config, new CpuBackend(config, w), undefined, 'random');
  }
  const device = options.device ? wrapDevice(options.device) : await requestDevice();
  const ownsDevice = options.device === undefined;
  const builder = GpuBackend.prepare(config, device, {
    weights: options.quantize ?? 'int4',
    ownsDevice,
    source: 'random',
    ...(options.dtype ? { dtype: device.features.shaderF16 ? options.dtype : 'f32' } : {}),
  });
  try {
    for (const t of tensors) {
      builder.store.put(
        t.name,
        fill(
          t.shape.reduce((a, d) => a * d, 1),
          t.norm,
        ),
        t.shape,
      );
    }
    return new QwenVlModel(config, await builder.finish(), undefined, 'random');
  } catch (err) {
    builder.store.destroy();
    if (ownsDevice) {
      device.destroy();
    } else {
      device.release();
    }
    throw err;
  }
}
