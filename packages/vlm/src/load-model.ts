import { requestDevice, wrapDevice, type KernelDevice } from '@nextevent/kernels';
import { CpuBackend } from './cpu/backend.js';
import { GpuBackend } from './gpu/backend.js';
import { CpuWeights } from './cpu/weights.js';
import { ModelLoadError } from './errors.js';
import { parseConfig, type QwenVlConfig } from './loading/config.js';
import {
  resolveModelFiles,
  type HubOptions,
  type ModelFiles,
  type ModelSource,
} from './loading/model-files.js';
import { decodeToF32 } from './loading/safetensors.js';
import { expectedTensors } from './loading/tensor-list.js';
import {
  readOptionalJson,
  streamWeights,
  type LoadProgress,
  type TensorExpectation,
} from './loading/weights.js';
import type { Backend } from './model/backend.js';
import { QwenVlModel } from './model/model.js';
import { loadTokenizer } from './text/tokenizer.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions extends HubOptions {
  /**
   * Compute backend. `'cpu'`: the float32 reference (small models, tests, fallback). `'webgpu'`: WGSL kernels.
   * `'auto'`: WebGPU when an adapter is available, else CPU. Default: `'auto'`.
   */
  backend?: 'auto' | 'cpu' | 'webgpu';
  /** Progress of downloads and weight streaming. */
  onProgress?: (progress: LoadProgress) => void;
  /**
   * WebGPU device to use. Default: a new one from @nextevent/kernels' `requestDevice` (Dawn in Node), which the
   * model owns: it is destroyed by `model.dispose()` and when loading fails. A device you pass is yours: the model
   * frees only its own buffers on `dispose()` and never destroys the device.
   */
  device?: GPUDevice;
  /**
   * WebGPU: storage of the text decoder's Linear weights and lm_head. `'int4'` quantizes on load (symmetric,
   * group 32, ~7× smaller than f32; logits move by up to ~1e-1 on the tiny fixture, see README), `'f32'` keeps
   * full precision. Default: `'f32'`.
   */
  quantize?: 'f32' | 'int4';
  /**
   * WebGPU: cap on one weight buffer in bytes, a positive integer (used as min(this, the device's
   * `maxStorageBufferBindingSize`, `maxBufferSize`)). 2-D weights above it, like a 151 936-row embedding table,
   * are split into row chunks, each with its slice of the bias; a chunk holds at least 2 rows of a Linear weight
   * (1 of the embedding table), so a buffer exceeds a cap smaller than that. 1-D tensors (norms, biases) are
   * never split. Default: the device limits.
   */
  maxBindingBytes?: number;
  /** WebGPU with `quantize: 'int4'`: quantize the vision tower's Linears too. Default: false (ViT in f32). */
  quantizeVision?: boolean;
  /**
   * WebGPU activation / KV-cache / dense-weight dtype. `'f16'` halves memory and bandwidth (the adapter needs
   * `shader-f16`, else f32 is used; accumulation stays f32). Default: `'f32'`.
   */
  dtype?: 'f32' | 'f16';
}

/** Reads and parses the checkpoint's config.json (+ generation_config.json). */
export async function loadConfig(files: ModelFiles): Promise<QwenVlConfig> {
  const config = await readOptionalJson(files, 'config.json');
  if (config === undefined) {
    throw new ModelLoadError(`${files.description}: config.json not found.`);
  }
  const gen = await readOptionalJson(files, 'generation_config.json');
  return parseConfig(config, gen, `${files.description}/config.json`);
}

const oneOf = (name: string, value: unknown, allowed: readonly string[]) => {
  if (value !== undefined && !allowed.includes(value as string)) {
    const list = allowed.map((a) => `'${a}'`);
    throw new TypeError(
      `\`options.${name}\`, when provided, must be ${list.slice(0, -1).join(', ')} or ${list.at(-1) ?? ''}; got ${JSON.stringify(value)}.`,
    );
  }
};

/** Checks every {@link LoadModelOptions} field once, before any file is read, whatever the backend. */
function validateLoadOptions(options: LoadModelOptions): void {
  if (typeof options !== 'object' || (options as unknown) === null) {
    throw new TypeError('`options`, when provided, must be an object.');
  }
  oneOf('backend', options.backend, ['auto', 'cpu', 'webgpu']);
  oneOf('quantize', options.quantize, ['f32', 'int4']);
  oneOf('dtype', options.dtype, ['f32', 'f16']);
  if (options.quantizeVision !== undefined && typeof options.quantizeVision !== 'boolean') {
    throw new TypeError('`options.quantizeVision`, when provided, must be a boolean.');
  }
  const mb = options.maxBindingBytes;
  if (mb !== undefined && (typeof mb !== 'number' || !Number.isSafeInteger(mb) || mb < 1)) {
    throw new TypeError(
      `\`options.maxBindingBytes\`, when provided, must be a positive integer (bytes); got ${String(mb)}.`,
    );
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw new TypeError('`options.onProgress`, when provided, must be a function.');
  }
  const d = options.device as unknown;
  if (
    d !== undefined &&
    (typeof d !== 'object' ||
      d === null ||
      typeof (d as { createBuffer?: unknown }).createBuffer !== 'function')
  ) {
    throw new TypeError('`options.device`, when provided, must be a GPUDevice.');
  }
}

/** Every tensor the config implies, shape included (a tied checkpoint may still carry its lm_head). */
function tensorExpectations(config: QwenVlConfig): TensorExpectation[] {
  const list: TensorExpectation[] = expectedTensors(config).map((t) => ({ name: t.name, shape: t.shape }));
  if (config.text.tieWordEmbeddings) {
    list.push({
      name: 'lm_head.weight',
      shape: [config.text.vocabSize, config.text.hiddenSize],
      optional: true,
    });
  }
  return list;
}

async function loadCpuBackend(
  files: ModelFiles,
  config: QwenVlConfig,
  options: LoadModelOptions,
): Promise<Backend> {
  const weights = new CpuWeights(files.description);
  await streamWeights(
    files,
    (info, bytes) => {
      weights.set(info.name, decodeToF32(bytes, info.dtype), info.shape);
    },
    {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      expected: tensorExpectations(config),
    },
  );
  return new CpuBackend(config, weights);
}

async function loadGpuBackend(
  files: ModelFiles,
  config: QwenVlConfig,
  device: KernelDevice,
  ownsDevice: boolean,
  options: LoadModelOptions,
): Promise<Backend> {
  const builder = GpuBackend.prepare(config, device, {
    ownsDevice,
    source: files.description,
    weights: options.quantize ?? 'f32',
    ...(options.maxBindingBytes !== undefined ? { maxBindingBytes: options.maxBindingBytes } : {}),
    ...(options.quantizeVision !== undefined ? { quantizeVision: options.quantizeVision } : {}),
    // f16 where the adapter has shader-f16, else fall back to f32 (conventions rule 11).
    ...(options.dtype !== undefined ? { dtype: device.features.shaderF16 ? options.dtype : 'f32' } : {}),
  });
  try {
    await streamWeights(
      files,
      (info, bytes) => builder.store.put(info.name, decodeToF32(bytes, info.dtype), info.shape),
      {
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
        expected: tensorExpectations(config),
      },
    );
  } catch (err) {
    builder.store.destroy();
    throw err;
  }
  return builder.finish();
}

/**
 * Loads a Qwen2.5-VL (or Qwen2-VL) checkpoint in the Hugging Face layout: `config.json`, `model.safetensors` or a
 * sharded `model.safetensors.index.json` (F32/BF16/F16), and `tokenizer.json` when present. `source` is a local
 * directory (Node), an http(s) or relative URL, a Hub repo id (`"Qwen/Qwen2.5-VL-3B-Instruct"`) or a
 * {@link ModelFiles}. Weights stream tensor by tensor; downloads are cached.
 */
export async function loadModel(source: ModelSource, options: LoadModelOptions = {}): Promise<QwenVlModel> {
  validateLoadOptions(options);
  const backendKind = options.backend ?? 'auto';
  const files = await resolveModelFiles(source, options);
  const config = await loadConfig(files);
  const tokenizer = await loadTokenizer(files);
  let device: KernelDevice | undefined;
  const ownsDevice = options.device === undefined;
  if (backendKind !== 'cpu') {
    try {
      device = options.device ? wrapDevice(options.device) : await requestDevice();
    } catch (err) {
      if (backendKind === 'webgpu') {
        throw err;
      }
    }
  }
  let backend: Backend;
  if (device) {
    try {
      backend = await loadGpuBackend(files, config, device, ownsDevice, options);
    } catch (err) {
      // The store's buffers are already freed; a device this call created goes too, a caller's stays.
      if (ownsDevice) {
        device.destroy();
      } else {
        device.release();
      }
      throw err;
    }
  } else {
    backend = await loadCpuBackend(files, config, options);
  }
  options.onProgress?.({ phase: 'ready', file: '', loaded: 1, total: 1 });
  return new QwenVlModel(config, backend, tokenizer, files.description);
}
