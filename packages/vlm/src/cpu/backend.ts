import { ModelDisposedError, invariant } from '../errors.js';
import type { QwenVlConfig } from '../loading/config.js';
import type { Backend, DecoderState, StepInput, StepOutput } from '../model/backend.js';
import type { GridThw } from '../processing/vision-index.js';
import { CpuKvCache, cpuDecoderStep } from './decoder.js';
import { cpuVisionForward, type VisionDebug } from './vision.js';
import type { CpuWeights } from './weights.js';

/** The longest typed array V8 allocates (2³² elements; browsers may allow less memory than that). */
const MAX_TYPED_ARRAY_LENGTH = 2 ** 32;

class CpuState implements DecoderState {
  constructor(readonly cache: CpuKvCache) {}
  get batch() {
    return this.cache.batch;
  }
  get capacity() {
    return this.cache.capacity;
  }
  get length() {
    return this.cache.length;
  }
  dispose() {
    this.cache.length = 0;
  }
}

/** The float32 CPU reference backend: the correctness anchor and the fallback where WebGPU is missing. */
export class CpuBackend implements Backend {
  readonly kind = 'cpu';
  #disposed = false;
  constructor(
    readonly config: QwenVlConfig,
    readonly weights: CpuWeights,
  ) {}

  #checkAlive(): void {
    if (this.#disposed) {
      throw new ModelDisposedError();
    }
  }

  encodeVision(pixels: Float32Array, grids: readonly GridThw[], debug?: VisionDebug): Promise<Float32Array> {
    this.#checkAlive();
    return Promise.resolve(cpuVisionForward(pixels, grids, this.config.vision, this.weights, debug));
  }

  /** Tokens a KV cache of `batch` rows can hold: one layer's K (or V) is a single Float32Array. */
  maxCacheTokens(batch: number): number {
    const t = this.config.text;
    return Math.floor(MAX_TYPED_ARRAY_LENGTH / (batch * t.numKvHeads * t.headDim));
  }

  createState(batch: number, capacity: number): DecoderState {
    this.#checkAlive();
    return new CpuState(new CpuKvCache(this.config.text, batch, capacity));
  }

  step(state: DecoderState, input: StepInput): Promise<StepOutput> {
    this.#checkAlive();
    invariant(state instanceof CpuState, 'CPU backend got a foreign decoder state');
    const H = this.config.text.hiddenSize;
    const table = this.weights.get('model.embed_tokens.weight', this.config.text.vocabSize * H);
    const n = input.tokenIds.length;
    const embeds = new Float32Array(n * H);
    for (let i = 0; i < n; i++) {
      const t = input.tokenIds[i] as number;
      embeds.set(table.subarray(t * H, t * H + H), i * H);
    }
    if (input.visionEmbeds && input.visionPositions) {
      const ve = input.visionEmbeds;
      input.visionPositions.forEach((pos, r) => embeds.set(ve.subarray(r * H, r * H + H), pos * H));
    }
    const res = cpuDecoderStep(
      embeds,
      input.length,
      input.positions,
      input.keyMask,
      state.cache,
      this.weights,
      {
        logits: input.logits,
        collectHidden: input.collectHidden ?? false,
      },
    );
    const out: StepOutput = { logits: res.logits };
    if (input.collectHidden && res.layerOutputs && res.normed) {
      out.hiddenStates = [embeds, ...res.layerOutputs, res.normed];
    }
    return Promise.resolve(out);
  }

  dispose(): void {
    this.#disposed = true;
    this.weights.clear();
  }
}
