import type { QwenVlConfig } from '../loading/config.js';
import type { GridThw } from '../processing/vision-index.js';

/** Per-sequence decoder state (KV cache) owned by a backend. */
export interface DecoderState {
  readonly batch: number;
  readonly capacity: number;
  /** Positions already in the cache. */
  readonly length: number;
  dispose(): void;
}

/** One decoder pass over `length` new positions per row. */
export interface StepInput {
  /** `[batch·length]` token ids. */
  tokenIds: Int32Array;
  length: number;
  /** Embeddings that replace the rows at `visionPositions` (flattened batch·length indices, in order). */
  visionEmbeds?: Float32Array;
  visionPositions?: Int32Array;
  /** mRoPE ids, three rows of `[batch·length]`. */
  positions: readonly [Int32Array, Int32Array, Int32Array];
  /** Per row: 1/0 for each of the `state.length + length` key positions. */
  keyMask: readonly Uint8Array[];
  /** Logits for every new position or only the last one of each row. */
  logits: 'all' | 'last';
  /** Also return hidden states (see ForwardOutput.hiddenStates). */
  collectHidden?: boolean;
  /**
   * With `logits: 'last'`: pick the greedy token on the device and return it in `tokens` instead of reading the
   * logits back (backends without support ignore it and return logits).
   */
  greedy?: boolean;
}

/** Result of {@link Backend.step}. */
export interface StepOutput {
  /** `[batch, rows, vocab]` (empty when `tokens` is returned instead). */
  logits: Float32Array;
  /** The greedy token of each row, when the step was asked for `greedy` and the backend supports it. */
  tokens?: Int32Array;
  hiddenStates?: Float32Array[];
}

/** What a compute backend (CPU reference or WebGPU) provides to the model. */
export interface Backend {
  readonly kind: 'cpu' | 'webgpu';
  readonly config: QwenVlConfig;
  /** Vision tower on media items (pixels concatenated in item order); merged embeddings in prompt order. */
  encodeVision(pixels: Float32Array, grids: readonly GridThw[]): Promise<Float32Array>;
  /**
   * Optional (WebGPU): preprocess frames on the device (resize, normalize, patchify) and run the ViT on them;
   * returns the merged embeddings and the grid.
   */
  encodeFrames?(
    frames: readonly (GPUTexture | GPUCopyExternalImageSource)[],
    width: number,
    height: number,
  ): Promise<{ embeds: Float32Array; gridThw: GridThw }>;
  /**
   * The most positions (prompt + new tokens) one decoder state of `batch` rows can hold on this backend (WebGPU:
   * each layer's K/V buffer within the device's storage binding limit).
   */
  maxCacheTokens(batch: number): number;
  createState(batch: number, capacity: number): DecoderState;
  step(state: DecoderState, input: StepInput): Promise<StepOutput>;
  dispose(): void;
}
