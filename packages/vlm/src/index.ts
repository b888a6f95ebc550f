/**
 * @nextevent/vlm — Qwen2.5-VL video inference for the web platform: Hugging Face checkpoint loading, processor,
 * a float32 CPU reference and WebGPU backends, streaming generation, next-event prediction.
 */
export { loadModel, loadConfig } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export { QwenVlModel } from './model/model.js';
export type { ForwardOptions, GenerateOptions, GenerateOutput, GenerationChunk } from './model/model.js';
export type { GenerationTimings } from './model/timings.js';
export type { ModelInputs, ForwardOutput } from './model/inputs.js';
export type { SamplingOptions } from './model/sampling.js';
export { argmax, createRng, pickToken } from './model/sampling.js';
export { parseConfig } from './loading/config.js';
export type { QwenVlConfig, TextConfig, VisionConfig, TokenIds } from './loading/config.js';
export {
  parseSafetensorsHeader,
  readHeaderLength,
  decodeToF32,
  bf16ToF32,
  f16ToF32,
  dtypeBytes,
} from './loading/safetensors.js';
export type { SafetensorsDtype, SafetensorsHeader, TensorInfo } from './loading/safetensors.js';
export { localFiles, urlFiles, hubFiles, resolveModelFiles } from './loading/model-files.js';
export type { ModelFiles, ModelSource, HubOptions, RemoteOptions } from './loading/model-files.js';
export { createFileCache } from './loading/file-cache.js';
export type { FileCache, FileCacheOptions, ByteProgress } from './loading/file-cache.js';
export { streamWeights, listShards, canonicalTensorName } from './loading/weights.js';
export type { LoadProgress, TensorSink } from './loading/weights.js';
export { applyChatTemplate, QWEN2_VL_CHAT_TEMPLATE } from './text/chat-template.js';
export type { ChatMessage, ChatContentPart, ChatTemplateOptions } from './text/chat-template.js';
export { createTokenizer, loadTokenizer } from './text/tokenizer.js';
export type { TextTokenizer } from './text/tokenizer.js';
export { patchify, CLIP_MEAN, CLIP_STD } from './processing/patchify.js';
export type { RgbFrame, Patches, PatchifyOptions } from './processing/patchify.js';
export {
  processVideo,
  processImage,
  resizeFrame,
  expandPlaceholders,
  prepareChatInputs,
} from './processing/processor.js';
export type { VideoInput, ProcessedVideo, ResizeBudget } from './processing/processor.js';
export { rgbFromVideoFrames } from './processing/video-frame.js';
export { ropeIndex } from './processing/rope-index.js';
export type { RopeIndex, RopeIndexInput, RopeIndexConfig } from './processing/rope-index.js';
export { rotaryPositionIds, windowIndex, cuSeqlens } from './processing/vision-index.js';
export type { GridThw, WindowPlan } from './processing/vision-index.js';
export {
  ModelFormatError,
  UnsupportedModelError,
  ModelLoadError,
  ModelDisposedError,
  InputMismatchError,
} from './errors.js';
export { predictNextEvent, pastVideoFromSampled, DEFAULT_NEXT_EVENT_QUESTION } from './predict.js';
export type { PastVideo, PredictNextEventOptions, NextEventPrediction } from './predict.js';
export { createRandomModel } from './random-model.js';
export type { RandomModelOptions } from './random-model.js';
export { expectedTensors } from './loading/tensor-list.js';
export type { ExpectedTensor } from './loading/tensor-list.js';
