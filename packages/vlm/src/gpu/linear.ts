import {
  createMatmul,
  createMatmulInt4,
  createTensor,
  quantizeInt4,
  uploadInt4Weight,
  uploadTensor,
  type FloatDType,
  type GpuInt4Weight,
  type KernelDevice,
  type Matmul,
  type MatmulInt4,
  type Tensor,
} from '@nextevent/kernels';

/** How a Linear weight lives on the GPU. */
export type WeightFormat = 'f32' | 'int4';

/** Shared matmul pipelines and the activation / storage dtype they use. */
export interface LinearOps {
  dense: Matmul;
  int4: MatmulInt4;
  dtype: FloatDType;
}

/** Creates the shared matmul pipelines (dense `x·Wᵀ` and int4 weight-only) for `dtype` activations. */
export function createLinearOps(device: KernelDevice, dtype: FloatDType = 'f32'): LinearOps {
  return {
    dense: createMatmul(device, { transposeB: true, dtype }),
    int4: createMatmulInt4(device, { dtype }),
    dtype,
  };
}

interface Chunk {
  rows: number;
  dense?: Tensor;
  int4?: GpuInt4Weight;
  bias?: Tensor;
  /** A bias owned elsewhere (not destroyed with this Linear). */
  sharedBias?: Tensor;
}

/**
 * A torch `Linear` (`[N, K]` weight, optional bias) on the GPU, stored as f32 or int4 (symmetric, group 32), and
 * split along N into chunks that each fit the device's storage-binding limit (e.g. a 151 936-row lm_head).
 */
export class GpuLinear {
  readonly #chunks: Chunk[] = [];
  /** The storage actually used: int4 falls back to f32 when K is not a multiple of the group size 32. */
  readonly format: WeightFormat;

  constructor(
    readonly device: KernelDevice,
    readonly ops: LinearOps,
    w: Float32Array,
    readonly N: number,
    readonly K: number,
    bias: Float32Array | Tensor | undefined,
    format: WeightFormat,
    label: string,
    maxBindingBytes = Infinity,
  ) {
    this.format = format = format === 'int4' && K % 32 !== 0 ? 'f32' : format;
    const bpe = ops.dtype === 'f16' ? 2 : 4;
    const bytesPerRow = format === 'int4' ? K / 2 : K * bpe;
    const limit = Math.min(
      device.limits.maxStorageBufferBindingSize,
      device.limits.maxBufferSize,
      maxBindingBytes,
    );
    // Even row counts keep f16 chunk outputs 4-byte aligned for the interleaving copies.
    const rowsPerChunk = Math.max(2, Math.min(N, Math.floor(limit / bytesPerRow / 2) * 2));
    for (let r0 = 0; r0 < N; r0 += rowsPerChunk) {
      const rows = Math.min(rowsPerChunk, N - r0);
      const part = w.subarray(r0 * K, (r0 + rows) * K);
      const chunk: Chunk = { rows };
      if (format === 'int4') {
        chunk.int4 = uploadInt4Weight(device, quantizeInt4(part, rows, K, 32), ops.dtype);
      } else {
        chunk.dense = uploadTensor(device, part, {
          shape: [rows, K],
          dtype: ops.dtype,
          label: `${label} [${r0}..${r0 + rows})`,
        });
      }
      if (bias instanceof Float32Array) {
        chunk.bias = uploadTensor(device, bias.subarray(r0, r0 + rows), {
          shape: [rows],
          dtype: ops.dtype,
          label: `${label} bias`,
        });
      }
      this.#chunks.push(chunk);
    }
  }

  /** The int4 weight when stored as one int4 chunk (the tied embedding gather reuses it), else undefined. */
  get singleInt4(): GpuInt4Weight | undefined {
    return this.#chunks.length === 1 ? this.#chunks[0]?.int4 : undefined;
  }

  /**
   * Attaches the `[N]` bias. A weight in one chunk uses the already uploaded `bias` tensor (owned by the caller);
   * a weight split into row chunks uploads each chunk's slice of `data` (owned by this Linear).
   */
  setBias(bias: Tensor, data: Float32Array): void {
    if (data.length !== this.N) {
      throw new RangeError(
        `GpuLinear.setBias(): the bias has ${data.length} values; the weight has ${this.N} rows.`,
      );
    }
    if (this.#chunks.length === 1) {
      (this.#chunks[0] as Chunk).sharedBias = bias;
      return;
    }
    let r0 = 0;
    for (const c of this.#chunks) {
      c.bias?.destroy();
      c.bias = uploadTensor(this.device, data.subarray(r0, r0 + c.rows), {
        shape: [c.rows],
        dtype: this.ops.dtype,
        label: `bias [${r0}..${r0 + c.rows})`,
      });
      r0 += c.rows;
    }
  }

  /** Bytes held on the GPU. */
  get byteLength(): number {
    let n = 0;
    for (const c of this.#chunks) {
      n += c.dense?.byteLength ?? 0;
      n += (c.int4?.qweight.byteLength ?? 0) + (c.int4?.scales.byteLength ?? 0);
      n += c.bias?.byteLength ?? 0;
    }
    return n;
  }

  /** Records `x · Wᵀ (+ b)` for `x` = `[M, K]` and returns `[M, N]`. */
  run(x: Tensor, encoder: GPUCommandEncoder): Tensor {
    const M = x.size / this.K;
    const outs = this.#chunks.map((c) => {
      const bias = c.bias ?? c.sharedBias;
      const args = { ...(bias ? { bias } : {}) };
      return c.int4
        ? this.ops.int4.run({ x, weight: c.int4, ...args }, encoder)
        : this.ops.dense.run({ a: x, b: c.dense as Tensor, ...args }, encoder);
    });
    if (outs.length === 1) {
      return outs[0] as Tensor;
    }
    // Interleave the chunk outputs row by row into [M, N].
    const out = createTensor(this.device, { shape: [M, this.N], dtype: this.ops.dtype, label: 'linear out' });
    const bpe = this.ops.dtype === 'f16' ? 2 : 4;
    let col = 0;
    outs.forEach((o, i) => {
      const rows = (this.#chunks[i] as Chunk).rows;
      for (let m = 0; m < M; m++) {
        encoder.copyBufferToBuffer(
          o.buffer,
          m * rows * bpe,
          out.buffer,
          (m * this.N + col) * bpe,
          rows * bpe,
        );
      }
      col += rows;
    });
    // Releasing to the pool after recording is safe: later commands of this encoder run after these copies.
    for (const o of outs) {
      o.destroy();
    }
    return out;
  }

  /** Frees the GPU buffers. */
  destroy(): void {
    for (const c of this.#chunks) {
      c.dense?.destroy();
      c.int4?.qweight.destroy();
      c.int4?.scales.destroy();
      c.bias?.destroy();
    }
    this.#chunks.length = 0;
  }
}
