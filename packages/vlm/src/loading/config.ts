import { ModelFormatError, UnsupportedModelError } from '../errors.js';

/** Text decoder sizes (Qwen2 architecture). */
export interface TextConfig {
  vocabSize: number;
  hiddenSize: number;
  intermediateSize: number;
  numLayers: number;
  numHeads: number;
  numKvHeads: number;
  /** `hiddenSize / numHeads`. */
  headDim: number;
  rmsNormEps: number;
  ropeTheta: number;
  /** mRoPE split of `headDim / 2` rotary frequencies into (temporal, height, width) sections. */
  mropeSection: readonly [number, number, number];
  tieWordEmbeddings: boolean;
  maxPositionEmbeddings: number;
}

/** Vision tower sizes. Qwen2.5-VL: RMSNorm, gated SiLU MLP, window attention; Qwen2-VL: LayerNorm, fc1/fc2. */
export interface VisionConfig {
  depth: number;
  /** Width of the ViT blocks (`embed_dim` in Qwen2-VL, `hidden_size` in Qwen2.5-VL). */
  hiddenSize: number;
  intermediateSize: number;
  numHeads: number;
  headDim: number;
  /** Width of the merger output = text hidden size. */
  outHiddenSize: number;
  inChannels: number;
  patchSize: number;
  temporalPatchSize: number;
  spatialMergeSize: number;
  /** Window side in pixels (Qwen2.5-VL); 0 = full attention in every block (Qwen2-VL). */
  windowSize: number;
  /** Blocks that use full (per temporal group) attention; every block when `windowSize` is 0. */
  fullAttBlockIndexes: readonly number[];
  /** Temporal mRoPE ids per second of video (Qwen2.5-VL); 0 for Qwen2-VL (ids step by 1 per temporal patch). */
  tokensPerSecond: number;
  hiddenAct: 'silu' | 'quick_gelu' | 'gelu';
  norm: 'rms' | 'layer';
  mlp: 'gated' | 'fc';
}

/** Special token ids, all taken from config.json / generation_config.json. */
export interface TokenIds {
  imageTokenId: number;
  videoTokenId: number;
  visionStartTokenId: number;
  visionEndTokenId: number;
  /** Stop tokens (config `eos_token_id` plus generation_config's, deduplicated). */
  eosTokenIds: readonly number[];
  bosTokenId: number | undefined;
  padTokenId: number | undefined;
}

/** A parsed, normalized Qwen2-VL / Qwen2.5-VL config. */
export interface QwenVlConfig {
  modelType: 'qwen2_5_vl' | 'qwen2_vl';
  text: TextConfig;
  vision: VisionConfig;
  tokens: TokenIds;
  /** True for checkpoints marked `nextevent_demo.untrained` (the bundled demo model): outputs are meaningless. */
  untrained: boolean;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(obj: Json, key: string, where: string, fallback?: number): number {
  const v = obj[key];
  if (v === undefined || v === null) {
    if (fallback !== undefined) {
      return fallback;
    }
    throw new ModelFormatError(`${where}: "${key}" is missing.`);
  }
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new ModelFormatError(`${where}: "${key}" must be a finite number, got ${JSON.stringify(v)}.`);
  }
  return v;
}

function optNum(obj: Json, key: string): number | undefined {
  const v = obj[key];
  return typeof v === 'number' ? v : undefined;
}

function ids(v: unknown): number[] {
  if (typeof v === 'number') {
    return [v];
  }
  if (Array.isArray(v)) {
    return v.filter((x): x is number => typeof x === 'number');
  }
  return [];
}

/**
 * Parses a Hugging Face `config.json` of Qwen2.5-VL or Qwen2-VL (legacy flat layout or the newer layout with
 * `text_config`). `generationConfig` (generation_config.json), when given, adds its `eos_token_id`s as stop tokens.
 * Throws {@link ModelFormatError} naming the missing key, {@link UnsupportedModelError} for other architectures.
 */
export function parseConfig(
  config: unknown,
  generationConfig?: unknown,
  where = 'config.json',
): QwenVlConfig {
  if (!isObject(config)) {
    throw new ModelFormatError(`${where}: expected a JSON object.`);
  }
  const modelType = config.model_type;
  if (modelType !== 'qwen2_5_vl' && modelType !== 'qwen2_vl') {
    throw new UnsupportedModelError(
      `${where}: model_type ${JSON.stringify(modelType)} is not supported (expected "qwen2_5_vl" or "qwen2_vl").`,
    );
  }
  // Newer transformers save the decoder keys under text_config; older checkpoints keep them at the top level.
  const t: Json = isObject(config.text_config) ? { ...config, ...config.text_config } : config;
  const v = config.vision_config;
  if (!isObject(v)) {
    throw new ModelFormatError(`${where}: "vision_config" is missing.`);
  }
  const hiddenSize = num(t, 'hidden_size', where);
  const numHeads = num(t, 'num_attention_heads', where);
  const headDim = hiddenSize / numHeads;
  const ropeScaling = isObject(t.rope_scaling)
    ? t.rope_scaling
    : isObject(t.rope_parameters)
      ? t.rope_parameters
      : {};
  const section = ropeScaling.mrope_section;
  if (!Array.isArray(section) || section.length !== 3 || !section.every((x) => typeof x === 'number')) {
    throw new ModelFormatError(`${where}: "rope_scaling.mrope_section" must be three numbers.`);
  }
  const mropeSection = section as [number, number, number];
  if (mropeSection[0] + mropeSection[1] + mropeSection[2] !== headDim / 2) {
    throw new ModelFormatError(
      `${where}: mrope_section ${JSON.stringify(mropeSection)} must sum to head_dim / 2 = ${headDim / 2}.`,
    );
  }
  const text: TextConfig = {
    vocabSize: num(t, 'vocab_size', where),
    hiddenSize,
    intermediateSize: num(t, 'intermediate_size', where),
    numLayers: num(t, 'num_hidden_layers', where),
    numHeads,
    numKvHeads: num(t, 'num_key_value_heads', where, numHeads),
    headDim,
    rmsNormEps: num(t, 'rms_norm_eps', where, 1e-6),
    ropeTheta: num(t, 'rope_theta', where, num(ropeScaling, 'rope_theta', where, 1e6)),
    mropeSection,
    tieWordEmbeddings: config.tie_word_embeddings === true || t.tie_word_embeddings === true,
    maxPositionEmbeddings: num(t, 'max_position_embeddings', where, 32768),
  };
  if (!Number.isInteger(headDim) || text.numHeads % text.numKvHeads !== 0) {
    throw new ModelFormatError(
      `${where}: hidden_size, num_attention_heads and num_key_value_heads are inconsistent.`,
    );
  }

  const is25 = modelType === 'qwen2_5_vl';
  const vw = `${where} vision_config`;
  const vHidden = is25 ? num(v, 'hidden_size', vw) : num(v, 'embed_dim', vw);
  const vHeads = num(v, 'num_heads', vw);
  const depth = num(v, 'depth', vw);
  const act = v.hidden_act ?? (is25 ? 'silu' : 'quick_gelu');
  if (act !== 'silu' && act !== 'quick_gelu' && act !== 'gelu') {
    throw new UnsupportedModelError(`${vw}: hidden_act ${JSON.stringify(act)} is not supported.`);
  }
  const windowSize = is25 ? num(v, 'window_size', vw, 112) : 0;
  const fullAtt = is25 ? ids(v.fullatt_block_indexes) : Array.from({ length: depth }, (_, i) => i);
  const vision: VisionConfig = {
    depth,
    hiddenSize: vHidden,
    intermediateSize: is25 ? num(v, 'intermediate_size', vw) : vHidden * num(v, 'mlp_ratio', vw, 4),
    numHeads: vHeads,
    headDim: vHidden / vHeads,
    outHiddenSize: is25 ? num(v, 'out_hidden_size', vw, hiddenSize) : num(v, 'hidden_size', vw, hiddenSize),
    inChannels: num(v, 'in_chans', vw, num(v, 'in_channels', vw, 3)),
    patchSize: num(v, 'patch_size', vw, 14),
    temporalPatchSize: num(v, 'temporal_patch_size', vw, 2),
    spatialMergeSize: num(v, 'spatial_merge_size', vw, 2),
    windowSize,
    fullAttBlockIndexes: fullAtt,
    tokensPerSecond: is25 ? num(v, 'tokens_per_second', vw, num(t, 'tokens_per_second', where, 2)) : 0,
    hiddenAct: act,
    norm: is25 ? 'rms' : 'layer',
    mlp: is25 ? 'gated' : 'fc',
  };
  if (vision.outHiddenSize !== hiddenSize) {
    throw new ModelFormatError(
      `${vw}: out_hidden_size ${vision.outHiddenSize} differs from hidden_size ${hiddenSize}.`,
    );
  }

  const gen = isObject(generationConfig) ? generationConfig : {};
  const eos = [...new Set([...ids(t.eos_token_id), ...ids(gen.eos_token_id)])];
  const tokens: TokenIds = {
    imageTokenId: num(t, 'image_token_id', where),
    videoTokenId: num(t, 'video_token_id', where),
    visionStartTokenId: num(t, 'vision_start_token_id', where),
    visionEndTokenId: num(t, 'vision_end_token_id', where),
    eosTokenIds: eos,
    bosTokenId: optNum(t, 'bos_token_id') ?? optNum(gen, 'bos_token_id'),
    padTokenId: optNum(t, 'pad_token_id') ?? optNum(gen, 'pad_token_id'),
  };
  const demo = config.nextevent_demo;
  const untrained = isObject(demo) && demo.untrained === true;
  return { modelType, text, vision, tokens, untrained };
}
