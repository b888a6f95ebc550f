import { requestDevice, wrapDevice, type KernelDevice } from '@nextevent/kernels';
import { CpuBackend } from './cpu/backend.js';
import { GpuBackend } from './gpu/backend.js';
import { CpuWeights } from './cpu/weights.js';
import { ModelFormatError, ModelLoadError } from './errors.js';
import { parseConfig, type QwenVlConfig } from './loading/config.js';
import {
  resolveModelFiles,
  type HubOptions,
  type ModelFiles,
  type ModelSource,
} from './loading/model-files.js';
import { decodeToF32 } from './loading/safetensors.js';
import { readOptionalJson, streamWeights, type LoadProgress } from './loading/weights.js';
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
  /** WebGPU device to use (default: a new one from @nextevent/kernels' `requestDevice`, Dawn in Node). */
  device?: GPUDevice;
  /**
   * WebGPU: storage of the text decoder's Linear weights and lm_head. `'int4'` quantizes on load (symmetric,
   * group 32, ~7× smaller than f32; logits move by up to ~1e-1 on the tiny fixture, see README), `'f32'` keeps
   * full precision. Default: `'f32'`.
   */
  quantize?: 'f32' | 'int4';
  /**
   * WebGPU: cap on one weight buffer in bytes (tensors above it, like a 151 936-row embedding table, are split
   * into row chunks). Default: the device's `maxStorageBufferBindingSize`.
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

async function loadCpuBackend(
  files: ModelFiles,
  config: QwenVlConfig,
  options: LoadModelOptions,
): Promise<Backend> {
  const weights = new CpuWeights();
  await streamWeights(
    files,
    (info, bytes) => {
      weights.set(info.name, decodeToF32(bytes, info.dtype), info.shape);
    },
    {
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    },
  );
  if (!weights.has('model.embed_tokens.weight')) {
    throw new ModelFormatError(`${files.description}: the checkpoint has no model.embed_tokens.weight.`);
  }
  return new CpuBackend(config, weights);
}

async function loadGpuBackend(
  files: ModelFiles,
  config: QwenVlConfig,
  device: KernelDevice,
  options: LoadModelOptions,
): Promise<Backend> {
  if (options.quantize !== undefined && options.quantize !== 'f32' && options.quantize !== 'int4') {
    throw new TypeError("`options.quantize`, when provided, must be 'f32' or 'int4'.");
  }
  const builder = GpuBackend.prepare(config, device, {
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
  const backendKind = options.backend ?? 'auto';
  if (!['auto', 'cpu', 'webgpu'].includes(backendKind)) {
    throw new TypeError("`options.backend`, when provided, must be 'auto', 'cpu' or 'webgpu'.");
  }
  const files = await resolveModelFiles(source, options);
  const config = await loadConfig(files);
  const tokenizer = await loadTokenizer(files);
  let device: KernelDevice | undefined;
  if (backendKind !== 'cpu') {
    try {
      device = options.device ? wrapDevice(options.device) : await requestDevice();
    } catch (err) {
      if (backendKind === 'webgpu') {
        throw err;
      }
    }
  }
  const backend = device
    ? await loadGpuBackend(files, config, device, options)
    : await loadCpuBackend(files, config, options);
  options.onProgress?.({ phase: 'ready', file: '', loaded: 1, total: 1 });
  return new QwenVlModel(config, backend, tokenizer, files.description);
}
