import { uploadTensor, type KernelDevice, type Tensor } from '@nextevent/kernels';
import { ModelFormatError, invariant } from '../errors.js';
import type { QwenVlConfig } from '../loading/config.js';
import { GpuLinear, type LinearOps, type WeightFormat } from './linear.js';

/**
 * Receives the checkpoint tensor by tensor while it streams and uploads each at once (Linear weights as
 * {@link GpuLinear}, quantized to int4 on the fly when asked; everything else as f32 tensors), so host memory
 * never holds more than one tensor. The vision qkv weight is split into q/k/v here.
 */
export class GpuWeightStore {
  readonly linears = new Map<string, GpuLinear>();
  readonly tensors = new Map<string, Tensor>();
  /** The token embedding table in row chunks that each fit one storage binding. */
  readonly embedChunks: Tensor[] = [];
  /** Rows per embedding chunk (the last may hold fewer). */
  embedRowsPerChunk = 0;
  /** Host copies of the biases (small), for Linears split into row chunks; dropped by {@link releaseHostCopies}. */
  readonly #biasData = new Map<string, Float32Array>();

  constructor(
    readonly device: KernelDevice,
    readonly ops: LinearOps,
    readonly config: QwenVlConfig,
    /** Storage of the text decoder's Linear weights (the vision tower stays f32). */
    readonly format: WeightFormat,
    /** Upper bound on one weight buffer (below the device's binding limit); larger tensors are split. */
    readonly maxBindingBytes = Infinity,
    /** Also store the vision tower's Linears in `format` (default: f32). */
    readonly quantizeVision = false,
    /** Where the checkpoint came from, named in errors. */
    readonly source = 'the checkpoint',
  ) {}

  get #visionFormat(): WeightFormat {
    return this.quantizeVision ? this.format : 'f32';
  }

  #upload(name: string, data: Float32Array, shape: readonly number[]): void {
    if (name.endsWith('.bias')) {
      this.#biasData.set(name, data.slice());
    }
    this.tensors.set(name, uploadTensor(this.device, data, { shape, dtype: this.ops.dtype, label: name }));
  }

  #linear(name: string, data: Float32Array, N: number, K: number, format: WeightFormat): void {
    this.linears.set(
      name,
      new GpuLinear(this.device, this.ops, data, N, K, undefined, format, name, this.maxBindingBytes),
    );
  }

  /** Uploads one tensor (canonical name, float32 data, shape). */
  put(name: string, data: Float32Array, shape: readonly number[]): void {
    const text = this.config.text;
    if (name === 'model.embed_tokens.weight') {
      if (text.tieWordEmbeddings) {
        this.#linear('lm_head', data, text.vocabSize, text.hiddenSize, this.format);
        // int4 in one binding: the gather dequantizes rows of the same int4 table (no f32 copy on the GPU).
        if ((this.linears.get('lm_head') as GpuLinear).singleInt4) {
          return;
        }
      }
      const limit = Math.min(
        this.device.limits.maxStorageBufferBindingSize,
        this.device.limits.maxBufferSize,
        this.maxBindingBytes,
      );
      const [V, H] = shape as [number, number];
      const rows = Math.max(1, Math.min(V, Math.floor(limit / (H * (this.ops.dtype === 'f16' ? 2 : 4)))));
      this.embedRowsPerChunk = rows;
      for (let r0 = 0; r0 < V; r0 += rows) {
        const n = Math.min(rows, V - r0);
        this.embedChunks.push(
          uploadTensor(this.device, data.subarray(r0 * H, (r0 + n) * H), {
            shape: [n, H],
            dtype: this.ops.dtype,
            label: `${name} [${r0}..)`,
          }),
        );
      }
      return;
    }
    const qkv = /^(visual\.blocks\.\d+\.attn)\.qkv\.(weight|bias)$/.exec(name);
    if (qkv) {
      const [, p, kind] = qkv as unknown as [string, string, string];
      const D = this.config.vision.hiddenSize;
      ['q', 'k', 'v'].forEach((part, j) => {
        if (kind === 'weight') {
          this.#linear(`${p}.${part}`, data.subarray(j * D * D, (j + 1) * D * D), D, D, this.#visionFormat);
        } else {
          this.#upload(`${p}.${part}.bias`, data.subarray(j * D, (j + 1) * D), [D]);
        }
      });
      return;
    }
    if (name.endsWith('.weight') && shape.length >= 2) {
      const N = shape[0] as number;
      const K = data.length / N;
      const isText = name.startsWith('model.layers.') || name === 'lm_head.weight';
      this.#linear(name.slice(0, -'.weight'.length), data, N, K, isText ? this.format : this.#visionFormat);
      return;
    }
    this.#upload(name, data, shape);
  }

  /** The Linear `name` (without `.weight`) with its bias attached when the checkpoint has one. */
  linear(name: string, N: number, K: number, bias: boolean): GpuLinear {
    const l = this.linears.get(name);
    if (!l) {
      throw new ModelFormatError(`${this.source}: the checkpoint has no tensor "${name}.weight".`);
    }
    if (l.N !== N || l.K !== K) {
      throw new ModelFormatError(
        `${this.source}: tensor "${name}.weight" is [${l.N}, ${l.K}]; expected [${N}, ${K}].`,
      );
    }
    if (bias) {
      const t = this.tensor(`${name}.bias`, N);
      const data = this.#biasData.get(`${name}.bias`);
      invariant(data, `no host copy of ${name}.bias`);
      l.setBias(t, data);
    }
    return l;
  }

  /** The tensor `name`, checked for `numel` elements. */
  tensor(name: string, numel: number): Tensor {
    const t = this.tensors.get(name);
    if (!t) {
      throw new ModelFormatError(`${this.source}: the checkpoint has no tensor "${name}".`);
    }
    if (t.size !== numel) {
      throw new ModelFormatError(`${this.source}: tensor "${name}" has ${t.size} values; expected ${numel}.`);
    }
    return t;
  }

  /** Drops the host copies kept while assembling (call once every Linear has its bias). */
  releaseHostCopies(): void {
    this.#biasData.clear();
  }

  /** Frees everything (used when loading fails). */
  destroy(): void {
    for (const l of this.linears.values()) {
      l.destroy();
    }
    for (const t of this.tensors.values()) {
      t.destroy();
    }
    for (const t of this.embedChunks) {
      t.destroy();
    }
    this.embedChunks.length = 0;
    this.linears.clear();
    this.tensors.clear();
    this.#biasData.clear();
  }
}
