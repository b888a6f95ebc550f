import { InputMismatchError, ModelDisposedError } from '../errors.js';
import type { QwenVlConfig } from '../loading/config.js';
import { prepareChatInputs } from '../processing/processor.js';
import { ropeIndex } from '../processing/rope-index.js';
import type { GridThw } from '../processing/vision-index.js';
import type { ChatMessage, ChatTemplateOptions } from '../text/chat-template.js';
import type { TextTokenizer } from '../text/tokenizer.js';
import type { Backend } from './backend.js';
import { validateInputs, type ForwardOutput, type ModelInputs } from './inputs.js';
import { createRng, pickToken, validateSampling, type SamplingOptions } from './sampling.js';
import { now, type GenerationTimings } from './timings.js';
import { yieldToEventLoop } from './yield.js';

/** Options of `model.generate` / `model.stream`: the same inputs as forward (or chat messages) plus decoding. */
export interface GenerateOptions extends SamplingOptions {
  /** Processor outputs. Exactly one of `inputs` and `messages`. */
  inputs?: ModelInputs;
  /** Chat messages (needs the checkpoint's tokenizer); media parts carry VideoInput / RgbFrame payloads. */
  messages?: readonly ChatMessage[];
  /** Chat template options for `messages`. */
  chatTemplate?: ChatTemplateOptions;
  /**
   * Maximum tokens to generate per row. Default: 128. The KV cache is preallocated for prompt + maxNewTokens
   * positions, so that sum must not exceed the config's `max_position_embeddings` nor what the backend's cache
   * holds (WebGPU: one layer's K or V within the device's storage binding limit); both are checked before
   * anything is allocated and throw {@link InputMismatchError}.
   */
  maxNewTokens?: number;
  /** Tokens that end a row (kept in its output, like transformers). Default: the config's eos ids. */
  stopTokenIds?: readonly number[];
  /**
   * Stops generation; the promise rejects / the iterator throws with the signal's reason. With a signal, the
   * stream lets the event loop run once between decoder steps, so that an abort triggered by an event (a worker
   * message, a click) is seen even on the CPU backend.
   */
  signal?: AbortSignal;
  /** Attach each step's raw logits to the streamed chunks (`scores`). Default: false. */
  outputScores?: boolean;
  /**
   * Called once with the {@link GenerationTimings} when the stream ends without an error: after its last chunk,
   * or when the consumer stops early (`break`), covering the steps that ran. Not called on abort or failure.
   */
  onTimings?: (timings: GenerationTimings) => void;
}

/** Result of `model.generate`: new tokens only, per batch row (stop tokens included when hit). */
export interface GenerateOutput {
  tokens: number[][];
  /** Decoded text per row (special tokens skipped), when the checkpoint has a tokenizer. */
  text?: string[];
  /** Where the time went: preprocessing, vision, prefill, decode. */
  timings: GenerationTimings;
}

/** One step of `model.stream`. */
export interface GenerationChunk {
  /** Step index (0 = the token chosen from the prompt's last position). */
  step: number;
  /** Token per row; null for rows that already stopped. */
  tokens: (number | null)[];
  /** New text per row since the previous chunk ('' without a tokenizer or while a character is incomplete). */
  text: string[];
  /** With `outputScores`: the logits `[batch, vocab]` this step's tokens were chosen from. */
  scores?: Float32Array;
}

/** Options of `model.forward`. */
export interface ForwardOptions {
  /** Also return hidden states, position ids and rope deltas. Default: false. */
  outputHiddenStates?: boolean;
}

/** A loaded Qwen2.5-VL / Qwen2-VL model. Create with `loadModel`; release with `dispose()`. */
export class QwenVlModel implements Disposable {
  #disposed = false;

  /** @internal Use `loadModel`. */
  constructor(
    /** The parsed config. */
    readonly config: QwenVlConfig,
    /** The compute backend. */
    readonly backend: Backend,
    /** The checkpoint's tokenizer, when it has one. */
    readonly tokenizer: TextTokenizer | undefined,
    /** Where the model came from (directory, URL or repo id). */
    readonly source: string,
  ) {}

  /** True for the bundled demo model (random weights): label its output as untrained wherever it is shown. */
  get untrained(): boolean {
    return this.config.untrained;
  }

  /** `'cpu'` or `'webgpu'`. */
  get backendKind(): 'cpu' | 'webgpu' {
    return this.backend.kind;
  }

  #check(): void {
    if (this.#disposed) {
      throw new ModelDisposedError();
    }
  }

  /** The error to surface for `err`: a {@link ModelDisposedError} when the model was disposed meanwhile. */
  #failure(err: unknown): unknown {
    return this.#disposed && !(err instanceof ModelDisposedError)
      ? new ModelDisposedError({ cause: err })
      : err;
  }

  /**
   * Checks that a decoder state of `batch` rows and `capacity` positions (`what` explains it) fits the config's
   * `max_position_embeddings` and the backend's KV-cache limit, before anything is allocated.
   */
  #checkCapacity(batch: number, capacity: number, what: string): void {
    const maxPos = this.config.text.maxPositionEmbeddings;
    if (capacity > maxPos) {
      throw new InputMismatchError(
        `${what} = ${capacity} positions, above the model's max_position_embeddings (${maxPos}).`,
      );
    }
    const maxCache = this.backend.maxCacheTokens(batch);
    if (capacity > maxCache) {
      throw new InputMismatchError(
        `${what} = ${capacity} positions, but the ${this.backend.kind} backend's KV cache holds at most ${maxCache} ` +
          `(${this.backend.kind === 'webgpu' ? "one layer's K or V must fit the device's storage binding limit" : 'typed array length limit'}).`,
      );
    }
  }

  #validate(inputs: ModelInputs): void {
    const v = this.config.vision;
    validateInputs(inputs, {
      imageTokenId: this.config.tokens.imageTokenId,
      videoTokenId: this.config.tokens.videoTokenId,
      vocabSize: this.config.text.vocabSize,
      patchDim: v.inChannels * v.temporalPatchSize * v.patchSize * v.patchSize,
      mergeUnit: v.spatialMergeSize ** 2,
      hiddenSize: this.config.text.hiddenSize,
    });
  }

  /** Runs the vision tower: merged embeddings `[Σ t·h·w/4, hidden]` of the items, in prompt order. */
  async encodeVision(pixels: Float32Array, grids: readonly GridThw[]): Promise<Float32Array> {
    this.#check();
    try {
      return await this.backend.encodeVision(pixels, grids);
    } catch (err) {
      throw this.#failure(err);
    }
  }

  /**
   * Encodes a clip straight from WebCodecs `VideoFrame`s (or images / GPU textures) on the WebGPU backend: the
   * frames are resized to `width × height` (multiples of 28, e.g. `smartResize`), normalized and patchified on
   * the GPU, then run through the ViT. Pass the result as `videoEmbeds` with `videoGridThw: [gridThw]`. On the
   * CPU backend, use `processVideo` + `encodeVision` instead (this throws a TypeError there).
   */
  async encodeVideoFrames(
    frames: readonly (GPUTexture | GPUCopyExternalImageSource)[],
    size: { width: number; height: number },
  ): Promise<{ videoEmbeds: Float32Array; gridThw: GridThw }> {
    this.#check();
    const f = this.config.vision.patchSize * this.config.vision.spatialMergeSize;
    if (
      !Number.isInteger(size.width / f) ||
      !Number.isInteger(size.height / f) ||
      size.width <= 0 ||
      size.height <= 0
    ) {
      throw new TypeError(
        '`size.width` and `size.height` must be positive multiples of patch_size · spatial_merge_size (28).',
      );
    }
    if (!this.backend.encodeFrames) {
      throw new TypeError(
        'encodeVideoFrames() needs the WebGPU backend; use processVideo() + encodeVision().',
      );
    }
    try {
      const { embeds, gridThw } = await this.backend.encodeFrames(frames, size.width, size.height);
      return { videoEmbeds: embeds, gridThw };
    } catch (err) {
      throw this.#failure(err);
    }
  }

  /** Turns chat messages into processor outputs (`ModelInputs`) with the checkpoint's tokenizer. */
  prepareInputs(messages: readonly ChatMessage[], chatTemplate: ChatTemplateOptions = {}): ModelInputs {
    this.#check();
    if (!this.tokenizer) {
      throw new TypeError(
        `\`messages\` need a tokenizer, and ${this.source} has no tokenizer.json; pass \`inputs\`.`,
      );
    }
    return prepareChatInputs(messages, this.tokenizer, this.config, chatTemplate);
  }

  /** Vision embeddings of both media kinds and the flattened positions of their placeholder tokens. */
  async #vision(
    inputs: ModelInputs,
    flat: Int32Array,
  ): Promise<{ embeds?: Float32Array; positions?: Int32Array; ms: number }> {
    const H = this.config.text.hiddenSize;
    let ms = 0;
    const encode = async (pixels: Float32Array, grids: readonly GridThw[]) => {
      const start = now();
      const emb = await this.backend.encodeVision(pixels, grids);
      ms += now() - start;
      return emb;
    };
    const { imageTokenId, videoTokenId } = this.config.tokens;
    const parts: { tok: number; emb: Float32Array }[] = [];
    if (inputs.imageEmbeds) {
      parts.push({ tok: imageTokenId, emb: inputs.imageEmbeds });
    } else if (inputs.imageGridThw?.length && inputs.pixelValues) {
      parts.push({
        tok: imageTokenId,
        emb: await encode(inputs.pixelValues, inputs.imageGridThw),
      });
    }
    if (inputs.videoEmbeds) {
      parts.push({ tok: videoTokenId, emb: inputs.videoEmbeds });
    } else if (inputs.videoGridThw?.length && inputs.pixelValuesVideos) {
      parts.push({
        tok: videoTokenId,
        emb: await encode(inputs.pixelValuesVideos, inputs.videoGridThw),
      });
    }
    if (parts.length === 0) {
      return { ms };
    }
    // masked_scatter: the k-th placeholder of a kind (row-major over the batch) takes that kind's k-th row.
    const total = parts.reduce((a, p) => a + p.emb.length / H, 0);
    const embeds = new Float32Array(total * H);
    const positions = new Int32Array(total);
    let r = 0;
    for (const p of parts) {
      let k = 0;
      for (let i = 0; i < flat.length; i++) {
        if (flat[i] === p.tok) {
          embeds.set(p.emb.subarray(k * H, k * H + H), r * H);
          positions[r++] = i;
          k++;
        }
      }
    }
    return { embeds, positions, ms };
  }

  async #prefill(
    inputs: ModelInputs,
    capacity: number,
    logits: 'all' | 'last',
    collectHidden: boolean,
    greedy = false,
  ) {
    const B = inputs.inputIds.length;
    const L = (inputs.inputIds[0] as readonly number[]).length;
    const flat = Int32Array.from(inputs.inputIds.flat());
    const rope = ropeIndex(inputs, {
      imageTokenId: this.config.tokens.imageTokenId,
      videoTokenId: this.config.tokens.videoTokenId,
      visionStartTokenId: this.config.tokens.visionStartTokenId,
      spatialMergeSize: this.config.vision.spatialMergeSize,
      tokensPerSecond: this.config.vision.tokensPerSecond,
    });
    const positions = rope.positionIds.map((row) => Int32Array.from(row.flat())) as [
      Int32Array,
      Int32Array,
      Int32Array,
    ];
    const keyMask = Array.from({ length: B }, (_, b) => {
      const m = new Uint8Array(capacity);
      const src = inputs.attentionMask?.[b];
      for (let i = 0; i < L; i++) {
        m[i] = src ? (src[i] as number) : 1;
      }
      return m;
    });
    const vision = await this.#vision(inputs, flat);
    this.#check(); // dispose() may have run while the vision tower did
    const state = this.backend.createState(B, capacity);
    try {
      const start = now();
      const out = await this.backend.step(state, {
        tokenIds: flat,
        length: L,
        ...(vision.embeds && vision.positions
          ? { visionEmbeds: vision.embeds, visionPositions: vision.positions }
          : {}),
        positions,
        keyMask: keyMask.map((m) => m.subarray(0, L)),
        logits,
        collectHidden,
        greedy,
      });
      const prefillMs = now() - start;
      return { state, out, rope, keyMask, B, L, visionMs: vision.ms, prefillMs };
    } catch (err) {
      state.dispose();
      throw err;
    }
  }

  /** Full forward pass: logits for every position, `[batch, seqLen, vocab]`. */
  async forward(inputs: ModelInputs, options: ForwardOptions = {}): Promise<ForwardOutput> {
    this.#check();
    this.#validate(inputs);
    const L = (inputs.inputIds[0] as readonly number[]).length;
    this.#checkCapacity(inputs.inputIds.length, L, 'The prompt length');
    let pre;
    try {
      pre = await this.#prefill(inputs, L, 'all', options.outputHiddenStates ?? false);
    } catch (err) {
      throw this.#failure(err);
    }
    const { state, out, rope, B } = pre;
    state.dispose();
    const result: ForwardOutput = { logits: out.logits, dims: [B, L, this.config.text.vocabSize] };
    if (options.outputHiddenStates) {
      if (out.hiddenStates) {
        result.hiddenStates = out.hiddenStates;
      }
      result.positionIds = rope.positionIds;
      result.ropeDeltas = rope.ropeDeltas;
    }
    return result;
  }

  /**
   * Generates tokens; resolves with the new tokens of every row (and their text with a tokenizer) and the
   * generation's {@link GenerationTimings}.
   */
  async generate(options: GenerateOptions): Promise<GenerateOutput> {
    const tokens: number[][] = [];
    const it = this.stream(options);
    let next = await it.next();
    while (!next.done) {
      next.value.tokens.forEach((t, b) => {
        (tokens[b] ??= []).push(...(t === null ? [] : [t]));
      });
      next = await it.next();
    }
    const out: GenerateOutput = { tokens, timings: next.value };
    const tok = this.tokenizer;
    if (tok) {
      out.text = tokens.map((t) => tok.decode(t));
    }
    return out;
  }

  /**
   * Generates tokens as an async iterator, one {@link GenerationChunk} per step (KV-cached decoding). The
   * iterator's return value (and `options.onTimings`) is the generation's {@link GenerationTimings}.
   */
  async *stream(options: GenerateOptions): AsyncGenerator<GenerationChunk, GenerationTimings, undefined> {
    const t0 = now();
    this.#check();
    validateSampling(options);
    if ((options.inputs === undefined) === (options.messages === undefined)) {
      throw new TypeError('Pass exactly one of `inputs` and `messages`.');
    }
    const maxNew = options.maxNewTokens ?? 128;
    if (!Number.isSafeInteger(maxNew) || maxNew < 1) {
      throw new TypeError('`maxNewTokens`, when provided, must be a positive integer.');
    }
    const inputs = options.inputs ?? this.prepareInputs(options.messages ?? [], options.chatTemplate);
    const preprocessMs = options.inputs ? 0 : now() - t0;
    this.#validate(inputs);
    const signal = options.signal;
    signal?.throwIfAborted();
    const stop = new Set(options.stopTokenIds ?? this.config.tokens.eosTokenIds);
    const V = this.config.text.vocabSize;
    const L0 = (inputs.inputIds[0] as readonly number[]).length;
    const capacity = L0 + maxNew;
    // Before any allocation: the KV cache is preallocated for the whole generation.
    this.#checkCapacity(
      inputs.inputIds.length,
      capacity,
      `The prompt length (${L0}) + maxNewTokens (${maxNew})`,
    );
    const rng = createRng(options.seed ?? 0);
    // Greedy without scores: the backend may pick tokens on the device (no logits readback).
    const greedy = !options.doSample && !options.outputScores;
    let pre;
    try {
      pre = await this.#prefill(inputs, capacity, 'last', false, greedy);
    } catch (err) {
      throw this.#failure(err);
    }
    const { state, out, rope, keyMask, B, L, visionMs, prefillMs } = pre;
    const timings: GenerationTimings = {
      preprocessMs,
      visionMs,
      prefillTokens: B * L,
      prefillMs,
      timeToFirstTokenMs: 0,
      decodeSteps: 0,
      decodeTokens: 0,
      decodeMs: 0,
      totalMs: 0,
    };
    let failed = false;
    try {
      const done = new Array<boolean>(B).fill(false);
      const generated: number[][] = Array.from({ length: B }, () => []);
      const shown = new Array<string>(B).fill('');
      let logits = out.logits;
      let picked = out.tokens;
      for (let step = 0; step < maxNew; step++) {
        signal?.throwIfAborted();
        const chosen: (number | null)[] = [];
        for (let b = 0; b < B; b++) {
          if (done[b]) {
            chosen.push(null);
            continue;
          }
          const t = picked ? (picked[b] as number) : pickToken(logits, b * V, V, options, rng);
          chosen.push(t);
          (generated[b] as number[]).push(t);
          if (stop.has(t)) {
            done[b] = true;
          }
        }
        const text = chosen.map((t, b) => {
          if (t === null || !this.tokenizer) {
            return '';
          }
          const full = this.tokenizer.decode(generated[b] as number[]);
          if (full.endsWith('\uFFFD')) {
            return ''; // an incomplete UTF-8 sequence: wait for the next token
          }
          const delta = full.startsWith(shown[b] as string) ? full.slice((shown[b] as string).length) : full;
          shown[b] = full;
          return delta;
        });
        if (step === 0) {
          timings.timeToFirstTokenMs = now() - t0;
        }
        yield options.outputScores
          ? { step, tokens: chosen, text, scores: logits }
          : { step, tokens: chosen, text };
        if (step === maxNew - 1 || done.every(Boolean)) {
          break;
        }
        this.#check(); // the consumer may have disposed the model while holding the chunk
        // Decode: every row feeds its token (finished rows repeat theirs, masked out of nothing they affect).
        const pos = state.length;
        const ids = new Int32Array(B);
        const p3 = [new Int32Array(B), new Int32Array(B), new Int32Array(B)] as const;
        for (let b = 0; b < B; b++) {
          const g = generated[b] as number[];
          ids[b] = g[g.length - 1] as number;
          const id = pos + (rope.ropeDeltas[b] as number);
          p3[0][b] = id;
          p3[1][b] = id;
          p3[2][b] = id;
          (keyMask[b] as Uint8Array)[pos] = 1;
        }
        if (signal) {
          await yieldToEventLoop();
          signal.throwIfAborted();
        }
        const start = now();
        const res = await this.backend.step(state, {
          tokenIds: ids,
          length: 1,
          positions: p3,
          keyMask: keyMask.map((m) => m.subarray(0, pos + 1)),
          logits: 'last',
          greedy,
        });
        timings.decodeMs += now() - start;
        timings.decodeSteps += 1;
        timings.decodeTokens += B;
        logits = res.logits;
        picked = res.tokens;
      }
    } catch (err) {
      failed = true;
      throw this.#failure(err);
    } finally {
      state.dispose();
      if (!failed) {
        timings.totalMs = now() - t0;
        options.onTimings?.({ ...timings });
      }
    }
    return timings;
  }

  /**
   * Releases the weights and GPU resources (and the WebGPU device when `loadModel` created it; a device passed
   * as `options.device` stays usable). Further calls, and a generation or forward pass still running, throw
   * {@link ModelDisposedError}.
   */
  dispose(): void {
    if (!this.#disposed) {
      this.#disposed = true;
      this.backend.dispose();
    }
  }

  /** Same as {@link QwenVlModel.dispose}, for `using`. */
  [Symbol.dispose](): void {
    this.dispose();
  }
}
