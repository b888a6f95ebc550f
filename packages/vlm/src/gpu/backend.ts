import {
  createArgmax,
  createPreprocess,
  createAttention,
  createAttentionDecode,
  createBinary,
  createEmbedding,
  createGelu,
  createKvCache,
  createKvCacheWrite,
  createLayerNorm,
  createRmsNorm,
  createRope,
  createSiluMul,
  createTensor,
  uploadTensor,
  type Argmax,
  type Attention,
  type AttentionDecode,
  type Binary,
  type Embedding,
  type Gelu,
  type FloatDType,
  type FrameSource,
  type Kernel,
  type KernelDevice,
  type KvCache,
  type KvCacheWrite,
  type LayerNorm,
  type RmsNorm,
  type Rope,
  type SiluMul,
  type Tensor,
} from '@nextevent/kernels';
import { InputMismatchError, ModelDisposedError, ModelFormatError, invariant } from '../errors.js';
import type { QwenVlConfig } from '../loading/config.js';
import type { Backend, DecoderState, StepInput, StepOutput } from '../model/backend.js';
import { cuSeqlens, rotaryPositionIds, windowIndex, type GridThw } from '../processing/vision-index.js';
import { createLinearOps, type GpuLinear, type LinearOps, type WeightFormat } from './linear.js';
import { GpuWeightStore } from './weight-store.js';

/** What {@link GpuBackend.prepare} returns: stream tensors into `store`, then `finish()`. */
export interface GpuBackendBuilder {
  store: GpuWeightStore;
  finish(): Promise<GpuBackend>;
}

interface Norm {
  weight: Tensor;
  bias?: Tensor;
}

interface TextLayer {
  inNorm: Norm;
  q: GpuLinear;
  k: GpuLinear;
  v: GpuLinear;
  o: GpuLinear;
  postNorm: Norm;
  gate: GpuLinear;
  up: GpuLinear;
  down: GpuLinear;
}

interface VisionBlock {
  norm1: Norm;
  norm2: Norm;
  q: GpuLinear;
  k: GpuLinear;
  v: GpuLinear;
  proj: GpuLinear;
  gate?: GpuLinear;
  up?: GpuLinear;
  down?: GpuLinear;
  fc1?: GpuLinear;
  fc2?: GpuLinear;
}

interface Ops {
  linear: LinearOps;
  rms: RmsNorm;
  rmsVision: RmsNorm;
  layerNorm: LayerNorm;
  add: Binary;
  siluMul: SiluMul;
  gelu: Gelu;
  quickGelu: Gelu;
  embed: Embedding;
  embedInt4: Embedding;
  argmax: Argmax;
  ropeText: Rope;
  ropeVision: Rope;
  attnVision: Attention;
  attnDecode: AttentionDecode;
  kvWrite: KvCacheWrite;
}

class GpuState implements DecoderState {
  /** Per batch row, per layer. */
  readonly caches: KvCache[][];
  /** Valid (non-padding) tokens in each row's cache. */
  readonly filled: number[];
  length = 0;
  constructor(
    readonly batch: number,
    readonly capacity: number,
    create: () => KvCache[],
  ) {
    this.caches = Array.from({ length: batch }, create);
    this.filled = new Array<number>(batch).fill(0);
  }
  dispose(): void {
    for (const row of this.caches) {
      for (const c of row) {
        c.destroy();
      }
    }
    this.caches.length = 0;
  }
}

/** Options of {@link GpuBackend.create}. */
export interface GpuBackendOptions {
  /** Storage of Linear weights: `'f32'` (parity) or `'int4'` (group 32, symmetric; ~4× smaller). Default: `'f32'`. */
  weights?: WeightFormat;
  /** Cap on one weight buffer in bytes; larger tensors are split in row chunks. Default: the device limit. */
  maxBindingBytes?: number;
  /** Quantize the vision tower's Linears too (those with K a multiple of 32). Default: false. */
  quantizeVision?: boolean;
  /**
   * Activation, KV-cache and dense-weight dtype. `'f16'` halves memory and bandwidth (needs `shader-f16`);
   * accumulations stay f32 in every kernel. Default: `'f32'`.
   */
  dtype?: FloatDType;
  /** Destroy `device` with the backend (true when the loader created it). Default: false. */
  ownsDevice?: boolean;
  /** Where the checkpoint came from, named in errors. Default: `'the checkpoint'`. */
  source?: string;
}

/**
 * The WebGPU backend on @nextevent/kernels: weights uploaded tensor by tensor (Linear weights optionally
 * quantized to int4 on load, chunked to the device's binding limit), a preallocated KV cache per sequence, the
 * token gather and the vision-embedding scatter on the GPU. Computes in f32.
 */
export class GpuBackend implements Backend {
  readonly kind = 'webgpu';
  readonly #ops: Ops;
  readonly #layers: TextLayer[] = [];
  readonly #blocks: VisionBlock[] = [];
  #store: GpuWeightStore | undefined;
  #ownsDevice = false;
  #disposed = false;
  #finalNorm!: Norm;
  #lmHead!: GpuLinear;
  #patch!: GpuLinear;
  #mergerNorm!: Norm;
  #merger0!: GpuLinear;
  #merger2!: GpuLinear;

  private constructor(
    readonly config: QwenVlConfig,
    readonly device: KernelDevice,
    ops: Ops,
  ) {
    this.#ops = ops;
  }

  /** Creates the pipelines and an empty {@link GpuWeightStore} to stream the checkpoint into. */
  static prepare(
    config: QwenVlConfig,
    device: KernelDevice,
    options: GpuBackendOptions = {},
  ): GpuBackendBuilder {
    const t = config.text;
    const v = config.vision;
    const dtype = options.dtype ?? 'f32';
    const ops: Ops = {
      linear: createLinearOps(device, dtype),
      rms: createRmsNorm(device, { eps: t.rmsNormEps, dtype }),
      rmsVision: createRmsNorm(device, { eps: 1e-6, dtype }),
      layerNorm: createLayerNorm(device, { eps: 1e-6, dtype }),
      add: createBinary(device, { op: 'add', dtype }),
      siluMul: createSiluMul(device, { dtype }),
      gelu: createGelu(device, { variant: 'erf', dtype }),
      quickGelu: createGelu(device, { variant: 'quick', dtype }),
      embed: createEmbedding(device, { dtype }),
      embedInt4: createEmbedding(device, { table: 'int4', dtype }),
      argmax: createArgmax(device, { dtype }),
      ropeText: createRope(device, {
        headDim: t.headDim,
        mode: 'mrope',
        theta: t.ropeTheta,
        mropeSection: t.mropeSection,
        dtype,
      }),
      ropeVision: createRope(device, { headDim: v.headDim, mode: 'vision', theta: 10000, dtype }),
      attnVision: createAttention(device, { numHeads: v.numHeads, headDim: v.headDim, dtype }),
      attnDecode: createAttentionDecode(device, {
        numHeads: t.numHeads,
        numKvHeads: t.numKvHeads,
        headDim: t.headDim,
        dtype,
      }),
      kvWrite: createKvCacheWrite(device, { dtype }),
    };
    const store = new GpuWeightStore(
      device,
      ops.linear,
      config,
      options.weights ?? 'f32',
      options.maxBindingBytes ?? Infinity,
      options.quantizeVision ?? false,
      options.source,
    );
    return {
      store,
      finish: async () => {
        try {
          const b = new GpuBackend(config, device, ops);
          b.#ownsDevice = options.ownsDevice ?? false;
          b.#assemble(store);
          store.releaseHostCopies();
          const { linear, ...single } = ops;
          await Promise.all(
            [linear.dense, linear.int4, ...Object.values(single)].map((op: Kernel) => op.ready()),
          );
          return b;
        } catch (err) {
          store.destroy();
          throw err;
        }
      },
    };
  }

  #assemble(s: GpuWeightStore): void {
    this.#store = s;
    const t = this.config.text;
    const v = this.config.vision;
    const H = t.hiddenSize;
    const qd = t.numHeads * t.headDim;
    const kvd = t.numKvHeads * t.headDim;
    this.#lmHead = s.linear('lm_head', t.vocabSize, H, false);
    if (s.embedChunks.length === 0 && !this.#lmHead.singleInt4) {
      throw new ModelFormatError(`${s.source}: the checkpoint has no tensor "model.embed_tokens.weight".`);
    }
    const norm = (name: string, dim: number, withBias: boolean): Norm =>
      withBias
        ? { weight: s.tensor(`${name}.weight`, dim), bias: s.tensor(`${name}.bias`, dim) }
        : { weight: s.tensor(`${name}.weight`, dim) };
    for (let i = 0; i < t.numLayers; i++) {
      const p = `model.layers.${i}`;
      this.#layers.push({
        inNorm: norm(`${p}.input_layernorm`, H, false),
        q: s.linear(`${p}.self_attn.q_proj`, qd, H, true),
        k: s.linear(`${p}.self_attn.k_proj`, kvd, H, true),
        v: s.linear(`${p}.self_attn.v_proj`, kvd, H, true),
        o: s.linear(`${p}.self_attn.o_proj`, H, qd, false),
        postNorm: norm(`${p}.post_attention_layernorm`, H, false),
        gate: s.linear(`${p}.mlp.gate_proj`, t.intermediateSize, H, false),
        up: s.linear(`${p}.mlp.up_proj`, t.intermediateSize, H, false),
        down: s.linear(`${p}.mlp.down_proj`, H, t.intermediateSize, false),
      });
    }
    this.#finalNorm = norm('model.norm', H, false);
    const D = v.hiddenSize;
    const inDim = v.inChannels * v.temporalPatchSize * v.patchSize * v.patchSize;
    const layer = v.norm === 'layer';
    this.#patch = s.linear('visual.patch_embed.proj', D, inDim, false);
    const I = v.intermediateSize;
    for (let i = 0; i < v.depth; i++) {
      const p = `visual.blocks.${i}`;
      const block: VisionBlock = {
        norm1: norm(`${p}.norm1`, D, layer),
        norm2: norm(`${p}.norm2`, D, layer),
        q: s.linear(`${p}.attn.q`, D, D, true),
        k: s.linear(`${p}.attn.k`, D, D, true),
        v: s.linear(`${p}.attn.v`, D, D, true),
        proj: s.linear(`${p}.attn.proj`, D, D, true),
      };
      if (v.mlp === 'gated') {
        block.gate = s.linear(`${p}.mlp.gate_proj`, I, D, true);
        block.up = s.linear(`${p}.mlp.up_proj`, I, D, true);
        block.down = s.linear(`${p}.mlp.down_proj`, D, I, true);
      } else {
        block.fc1 = s.linear(`${p}.mlp.fc1`, I, D, true);
        block.fc2 = s.linear(`${p}.mlp.fc2`, D, I, true);
      }
      this.#blocks.push(block);
    }
    const cd = D * v.spatialMergeSize ** 2;
    this.#mergerNorm = norm('visual.merger.ln_q', D, layer);
    this.#merger0 = s.linear('visual.merger.mlp.0', cd, cd, true);
    this.#merger2 = s.linear('visual.merger.mlp.2', v.outHiddenSize, cd, true);
  }

  /** Bytes of weights on the GPU. */
  get weightBytes(): number {
    const s = this.#store;
    if (!s) {
      return 0;
    }
    let n = 0;
    for (const t of [...s.tensors.values(), ...s.embedChunks]) {
      n += t.byteLength;
    }
    for (const l of s.linears.values()) {
      n += l.byteLength;
    }
    return n;
  }

  get #dtype(): FloatDType {
    return this.#ops.linear.dtype;
  }

  get #bpe(): number {
    return this.#dtype === 'f16' ? 2 : 4;
  }

  #normRun(x: Tensor, n: Norm, kind: 'text' | 'vision', enc: GPUCommandEncoder): Tensor {
    if (n.bias) {
      return this.#ops.layerNorm.run({ x, weight: n.weight, bias: n.bias }, enc);
    }
    return (kind === 'text' ? this.#ops.rms : this.#ops.rmsVision).run({ x, weight: n.weight }, enc);
  }

  /** Records `x + f` and frees both inputs. */
  #residual(x: Tensor, f: Tensor, enc: GPUCommandEncoder): Tensor {
    const out = this.#ops.add.run({ a: x, b: f }, enc);
    x.destroy();
    f.destroy();
    return out;
  }

  #u32(data: ArrayLike<number>, label: string): Tensor {
    return uploadTensor(this.device, Uint32Array.from(data), { shape: [data.length], dtype: 'u32', label });
  }

  /**
   * Vision embeddings of one clip straight from `VideoFrame`s / images / textures: resized (antialiased bicubic),
   * normalized and patchified on the GPU (@nextevent/kernels preprocess), then the ViT; no pixels touch the CPU.
   * `width`/`height` are the processor size (multiples of 28, e.g. from smart_resize).
   */
  async encodeFrames(
    frames: readonly FrameSource[],
    width: number,
    height: number,
  ): Promise<{ embeds: Float32Array; gridThw: GridThw }> {
    this.#checkAlive();
    const v = this.config.vision;
    const pre = createPreprocess(this.device, { width, height, dtype: this.#dtype });
    const { patches, gridThw } = await pre.runAsync({ frames });
    pre.destroy();
    const unit = v.spatialMergeSize ** 2;
    const inDim = v.inChannels * v.temporalPatchSize * v.patchSize * v.patchSize;
    const n = gridThw[0] * gridThw[1] * gridThw[2];
    const embeds = await this.#visionItem(patches, gridThw, n, unit, inDim);
    return { embeds, gridThw };
  }

  async encodeVision(pixels: Float32Array, grids: readonly GridThw[]): Promise<Float32Array> {
    const v = this.config.vision;
    const unit = v.spatialMergeSize ** 2;
    const inDim = v.inChannels * v.temporalPatchSize * v.patchSize * v.patchSize;
    const outs: Float32Array[] = [];
    let row = 0;
    for (const grid of grids) {
      const n = grid[0] * grid[1] * grid[2];
      outs.push(
        await this.#visionItem(pixels.subarray(row * inDim, (row + n) * inDim), grid, n, unit, inDim),
      );
      row += n;
    }
    const total = new Float32Array(outs.reduce((a, o) => a + o.length, 0));
    let off = 0;
    for (const o of outs) {
      total.set(o, off);
      off += o.length;
    }
    return total;
  }

  async #visionItem(
    pixels: Float32Array | Tensor,
    grid: GridThw,
    n: number,
    unit: number,
    inDim: number,
  ): Promise<Float32Array> {
    this.#checkAlive();
    const v = this.config.vision;
    const D = v.hiddenSize;
    const windowed = v.windowSize > 0;
    const plan = windowed
      ? windowIndex([grid], v.windowSize, v.patchSize, v.spatialMergeSize)
      : { index: Int32Array.from({ length: n / unit }, (_, i) => i), cuWindowSeqlens: cuSeqlens([grid]) };
    const perm = new Uint32Array(n);
    for (let i = 0; i < plan.index.length; i++) {
      for (let u = 0; u < unit; u++) {
        perm[i * unit + u] = (plan.index[i] as number) * unit + u;
      }
    }
    const posRaw = rotaryPositionIds(grid, v.spatialMergeSize);
    const pos = new Int32Array(2 * n); // [2, n]: rows, then cols, in window order
    for (let i = 0; i < n; i++) {
      const src = perm[i] as number;
      pos[i] = posRaw[2 * src] as number;
      pos[n + i] = posRaw[2 * src + 1] as number;
    }
    const inverse = new Uint32Array(n / unit);
    plan.index.forEach((src, i) => (inverse[src] = i));
    const full = new Set(v.fullAttBlockIndexes);
    const temps: Tensor[] = [
      pixels instanceof Float32Array
        ? uploadTensor(this.device, pixels, {
            shape: [n, inDim],
            dtype: this.#dtype,
            label: 'pixels',
            pooled: true,
          })
        : pixels,
      this.#u32(perm, 'window perm'),
      uploadTensor(this.device, pos, { shape: [2, n], dtype: 'i32', label: 'vision pos' }),
      this.#u32(cuSeqlens([grid]), 'cu full'),
      this.#u32(plan.cuWindowSeqlens, 'cu window'),
      this.#u32(inverse, 'window inverse'),
    ];
    const [px, permT, posT, cuFull, cuWin, invT] = temps as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
    const enc = this.device.gpu.createCommandEncoder({ label: 'vision' });
    const emb = this.#patch.run(px, enc);
    let x = this.#ops.embed.run({ ids: permT, table: emb }, enc); // window permutation as a row gather
    emb.destroy();
    const heads = v.numHeads;
    for (let l = 0; l < this.#blocks.length; l++) {
      const b = this.#blocks[l] as VisionBlock;
      const h = this.#normRun(x, b.norm1, 'vision', enc);
      const q0 = b.q.run(h, enc);
      const k0 = b.k.run(h, enc);
      const v0 = b.v.run(h, enc);
      h.destroy();
      const q = this.#ops.ropeVision.run({ x: q0.view([n, heads, v.headDim]), positions: posT }, enc);
      const k = this.#ops.ropeVision.run({ x: k0.view([n, heads, v.headDim]), positions: posT }, enc);
      q0.destroy();
      k0.destroy();
      const cu = !windowed || full.has(l) ? cuFull : cuWin;
      const att = this.#ops.attnVision.run({ q, k, v: v0.view([n, heads, v.headDim]), cuSeqlens: cu }, enc);
      q.destroy();
      k.destroy();
      v0.destroy();
      const o = b.proj.run(att.view([n, D]), enc);
      att.destroy();
      x = this.#residual(x, o, enc);
      const h2 = this.#normRun(x, b.norm2, 'vision', enc);
      let m: Tensor;
      if (b.gate && b.up && b.down) {
        const g = b.gate.run(h2, enc);
        const u = b.up.run(h2, enc);
        const a = this.#ops.siluMul.run({ gate: g, up: u }, enc);
        g.destroy();
        u.destroy();
        m = b.down.run(a, enc);
        a.destroy();
      } else {
        invariant(b.fc1 && b.fc2, 'vision block without MLP');
        const f = b.fc1.run(h2, enc);
        const a = (v.hiddenAct === 'quick_gelu' ? this.#ops.quickGelu : this.#ops.gelu).run({ x: f }, enc);
        f.destroy();
        m = b.fc2.run(a, enc);
        a.destroy();
      }
      h2.destroy();
      x = this.#residual(x, m, enc);
    }
    const ln = this.#normRun(x, this.#mergerNorm, 'vision', enc);
    x.destroy();
    const cd = D * unit;
    const m1 = this.#merger0.run(ln.view([n / unit, cd]), enc);
    ln.destroy();
    const g = this.#ops.gelu.run({ x: m1 }, enc);
    m1.destroy();
    const merged = this.#merger2.run(g, enc);
    g.destroy();
    const out = this.#ops.embed.run({ ids: invT, table: merged }, enc); // undo the window permutation
    merged.destroy();
    this.device.gpu.queue.submit([enc.finish()]);
    const data = await out.readFloat32();
    out.destroy();
    for (const t of temps) {
      t.destroy();
    }
    return data.slice(0, (n / unit) * v.outHiddenSize);
  }

  /** Tokens one row's KV cache can hold: each layer's K (and V) buffer must fit one storage binding. */
  maxCacheTokens(): number {
    const t = this.config.text;
    const limit = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    return Math.floor(limit / (t.numKvHeads * t.headDim * this.#bpe));
  }

  createState(batch: number, capacity: number): DecoderState {
    this.#checkAlive();
    const t = this.config.text;
    const max = this.maxCacheTokens();
    if (capacity > max) {
      const bytes = capacity * t.numKvHeads * t.headDim * this.#bpe;
      throw new InputMismatchError(
        `A KV cache of ${capacity} tokens (prompt + maxNewTokens) needs ${bytes} bytes per layer for K (and as much for V), ` +
          `above this device's storage binding limit (${max} tokens, ${Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize)} bytes); lower maxNewTokens or shorten the prompt.`,
      );
    }
    return new GpuState(batch, capacity, () =>
      Array.from({ length: t.numLayers }, () =>
        createKvCache(this.device, {
          numKvHeads: t.numKvHeads,
          headDim: t.headDim,
          capacity,
          dtype: this.#ops.linear.dtype,
        }),
      ),
    );
  }

  #checkAlive(): void {
    if (this.#disposed) {
      throw new ModelDisposedError();
    }
  }

  async step(state: DecoderState, input: StepInput): Promise<StepOutput> {
    this.#checkAlive();
    invariant(state instanceof GpuState, 'WebGPU backend got a foreign decoder state');
    const t = this.config.text;
    const H = t.hiddenSize;
    const V = t.vocabSize;
    const L = input.length;
    const B = state.batch;
    const past = state.length;
    const rowsOut = input.logits === 'all' ? L : 1;
    const greedy = input.greedy === true && input.logits === 'last';
    const logits = new Float32Array(greedy ? 0 : B * rowsOut * V);
    const tokens = new Int32Array(B);
    const hidden = input.collectHidden
      ? Array.from({ length: t.numLayers + 2 }, () => new Float32Array(B * L * H))
      : undefined;
    for (let b = 0; b < B; b++) {
      const mask = input.keyMask[b] as Uint8Array;
      // Left padding only: the valid new tokens are a suffix of this step's L positions.
      let first = 0;
      while (first < L && mask[past + first] !== 1) {
        first++;
      }
      for (let i = first; i < L; i++) {
        if (mask[past + i] !== 1) {
          throw new InputMismatchError(
            'The WebGPU backend supports left padding only (attention mask 0…0 1…1 per row).',
          );
        }
      }
      const n = L - first;
      if (n === 0) {
        continue;
      }
      const ids = input.tokenIds.subarray(b * L + first, b * L + L);
      const pos = new Int32Array(3 * n);
      for (let r = 0; r < 3; r++) {
        pos.set((input.positions[r] as Int32Array).subarray(b * L + first, b * L + L), r * n);
      }
      const scatter: { dst: number; src: number }[] = [];
      if (input.visionPositions) {
        input.visionPositions.forEach((p, r) => {
          if (p >= b * L + first && p < b * L + L) {
            scatter.push({ dst: p - b * L - first, src: r });
          }
        });
      }
      const res = await this.#rowStep(state, b, ids, pos, n, scatter, input, hidden, first, L);
      if (typeof res === 'number') {
        tokens[b] = res;
      } else if (input.logits === 'all') {
        logits.set(res, (b * L + first) * V);
      } else {
        logits.set(res, b * V);
      }
    }
    state.length = past + L;
    const out: StepOutput = greedy ? { logits, tokens } : { logits };
    if (hidden) {
      out.hiddenStates = hidden;
    }
    return out;
  }

  /** Token embedding gather on the GPU: one gather dispatch, or row copies when the table is chunked. */
  #gather(idsT: Tensor, ids: Int32Array, enc: GPUCommandEncoder): Tensor {
    this.#checkAlive();
    const s = this.#store;
    invariant(s, 'weights not assembled');
    const q = s.embedChunks.length === 0 ? this.#lmHead.singleInt4 : undefined;
    if (q) {
      return this.#ops.embedInt4.run(
        { ids: idsT, table: q.qweight, scales: q.scales, groupSize: q.groupSize },
        enc,
      );
    }
    if (s.embedChunks.length === 1) {
      return this.#ops.embed.run({ ids: idsT, table: s.embedChunks[0] as Tensor }, enc);
    }
    const H = this.config.text.hiddenSize;
    const x = createTensor(this.device, { shape: [ids.length, H], dtype: this.#dtype, label: 'embeddings' });
    const bpe = this.#bpe;
    ids.forEach((id, i) => {
      const chunk = s.embedChunks[Math.floor(id / s.embedRowsPerChunk)] as Tensor;
      const row = id % s.embedRowsPerChunk;
      enc.copyBufferToBuffer(chunk.buffer, row * H * bpe, x.buffer, i * H * bpe, H * bpe);
    });
    return x;
  }

  async #rowStep(
    state: GpuState,
    b: number,
    ids: Int32Array,
    pos: Int32Array,
    n: number,
    scatter: { dst: number; src: number }[],
    input: StepInput,
    hidden: Float32Array[] | undefined,
    first: number,
    L: number,
  ): Promise<Float32Array | number> {
    const t = this.config.text;
    const H = t.hiddenSize;
    const hd = t.headDim;
    const bpe = this.#bpe;
    const caches = state.caches[b] as KvCache[];
    const pastLen = state.filled[b] as number;
    const idsT = this.#u32(ids, 'ids');
    const posT = uploadTensor(this.device, pos, { shape: [3, n], dtype: 'i32', label: 'mrope pos' });
    let visT: Tensor | undefined;
    const enc = this.device.gpu.createCommandEncoder({ label: 'decoder step' });
    let x = this.#gather(idsT, ids, enc);
    if (scatter.length && input.visionEmbeds) {
      // Embedding scatter on the GPU: upload the rows once, copy each into its placeholder row.
      const rows = new Float32Array(scatter.length * H);
      scatter.forEach((s, i) =>
        rows.set((input.visionEmbeds as Float32Array).subarray(s.src * H, s.src * H + H), i * H),
      );
      visT = uploadTensor(this.device, rows, {
        shape: [scatter.length, H],
        dtype: this.#dtype,
        label: 'vision embeds',
        pooled: true,
      });
      scatter.forEach((s, i) =>
        enc.copyBufferToBuffer((visT as Tensor).buffer, i * H * bpe, x.buffer, s.dst * H * bpe, H * bpe),
      );
    }
    const snapshots: Tensor[] = [];
    const snap = (src: Tensor) => {
      if (hidden) {
        const c = createTensor(this.device, { shape: [n, H], dtype: this.#dtype, label: 'hidden snapshot' });
        enc.copyBufferToBuffer(src.buffer, 0, c.buffer, 0, n * H * bpe);
        snapshots.push(c);
      }
    };
    snap(x);
    for (let l = 0; l < this.#layers.length; l++) {
      const ly = this.#layers[l] as TextLayer;
      const cache = caches[l] as KvCache;
      const h = this.#normRun(x, ly.inNorm, 'text', enc);
      const q0 = ly.q.run(h, enc);
      const k0 = ly.k.run(h, enc);
      const v0 = ly.v.run(h, enc);
      h.destroy();
      const q = this.#ops.ropeText.run({ x: q0.view([n, t.numHeads, hd]), positions: posT }, enc);
      const k = this.#ops.ropeText.run({ x: k0.view([n, t.numKvHeads, hd]), positions: posT }, enc);
      q0.destroy();
      k0.destroy();
      this.#ops.kvWrite.run({ k, v: v0.view([n, t.numKvHeads, hd]), cache, pastLen }, enc);
      k.destroy();
      v0.destroy();
      const att = this.#ops.attnDecode.run({ q, cache, pastLen }, enc);
      q.destroy();
      const o = ly.o.run(att.view([n, t.numHeads * hd]), enc);
      att.destroy();
      x = this.#residual(x, o, enc);
      const h2 = this.#normRun(x, ly.postNorm, 'text', enc);
      const g = ly.gate.run(h2, enc);
      const u = ly.up.run(h2, enc);
      h2.destroy();
      const a = this.#ops.siluMul.run({ gate: g, up: u }, enc);
      g.destroy();
      u.destroy();
      const m = ly.down.run(a, enc);
      a.destroy();
      x = this.#residual(x, m, enc);
      snap(x);
    }
    const normed = this.#normRun(x, this.#finalNorm, 'text', enc);
    x.destroy();
    snap(normed);
    let headIn = normed;
    if (input.logits === 'last' && n > 1) {
      headIn = createTensor(this.device, { shape: [1, H], dtype: this.#dtype, label: 'last row' });
      enc.copyBufferToBuffer(normed.buffer, (n - 1) * H * bpe, headIn.buffer, 0, H * bpe);
      normed.destroy();
    }
    const logitsT = this.#lmHead.run(headIn, enc);
    headIn.destroy();
    // Greedy decoding: argmax on the GPU, read back 4 bytes instead of the vocabulary's logits.
    const picked =
      input.greedy && input.logits === 'last' ? this.#ops.argmax.run({ logits: logitsT }, enc) : undefined;
    this.device.gpu.queue.submit([enc.finish()]);
    state.filled[b] = pastLen + n;
    let data: Float32Array;
    let token: number | undefined;
    if (picked) {
      token = ((await picked.read()) as Uint32Array)[0];
      picked.destroy();
      data = new Float32Array(0);
    } else {
      data = await logitsT.readFloat32();
    }
    logitsT.destroy();
    idsT.destroy();
    posT.destroy();
    visT?.destroy();
    if (hidden) {
      for (let k = 0; k < snapshots.length; k++) {
        const s = snapshots[k] as Tensor;
        const d = await s.readFloat32();
        (hidden[k] as Float32Array).set(d.subarray(0, n * H), (b * L + first) * H);
        s.destroy();
      }
    }
    if (token !== undefined) {
      return token;
    }
    const rows = input.logits === 'all' ? n : 1;
    return data.slice(0, rows * t.vocabSize);
  }

  /**
   * Frees the weights; destroys the device when the backend owns it (created by the loader), else returns the
   * pool's free buffers to the caller's device. In-flight work ends with {@link ModelDisposedError}.
   */
  dispose(): void {
    if (this.#disposed) {
      return;
    }
    this.#disposed = true;
    this.#store?.destroy();
    this.#store = undefined;
    if (this.#ownsDevice) {
      this.device.destroy();
    } else {
      this.device.release();
    }
  }
}
