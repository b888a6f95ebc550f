/**
 * @nextevent/kernels: WGSL compute kernels for a Qwen2.5-VL runtime, each with a CPU reference.
 * Internal files must not import from this barrel.
 */
export {
  requestDevice,
  wrapDevice,
  getGpu,
  KernelDevice,
  OPTIONAL_FEATURES,
  RAISED_LIMITS,
  type DeviceFeatures,
  type DeviceLimits,
  type RequestDeviceOptions,
} from './device.js';
export {
  GpuValidationError,
  GpuOutOfMemoryError,
  DeviceLostError,
  UnsupportedFeatureError,
  WebGpuUnavailableError,
} from './errors.js';
export { BufferPool, bucketSize, POOL_USAGE, type BufferPoolStats } from './buffer-pool.js';
export {
  Tensor,
  createTensor,
  uploadTensor,
  writeTensor,
  encodeTensorData,
  bytesPerElement,
  shapeSize,
  type DType,
  type FloatDType,
  type TensorData,
  type TensorOptions,
} from './tensor.js';
export { f32ToF16Bits, f16BitsToF32, toF16Bits, fromF16Bits, roundToF16 } from './f16.js';
export { specialize, pipelineKey, type Kernel } from './kernel.js';

export {
  createMatmul,
  GEMV_MAX_ROWS,
  type Matmul,
  type MatmulArgs,
  type MatmulOptions,
} from './ops/matmul/matmul.js';
export { matmulReference, type MatmulShape } from './ops/matmul/matmul.reference.js';
export { createRmsNorm, type RmsNorm, type RmsNormArgs, type RmsNormOptions } from './ops/rmsnorm/rmsnorm.js';
export { rmsNormReference, rmsNormResidualReference } from './ops/rmsnorm/rmsnorm.reference.js';
export {
  createLayerNorm,
  type LayerNorm,
  type LayerNormArgs,
  type LayerNormOptions,
} from './ops/layernorm/layernorm.js';
export { layerNormReference } from './ops/layernorm/layernorm.reference.js';
export { createSoftmax, type Softmax, type SoftmaxArgs, type SoftmaxOptions } from './ops/softmax/softmax.js';
export { softmaxReference } from './ops/softmax/softmax.reference.js';
export { createRope, type Rope, type RopeArgs, type RopeOptions } from './ops/rope/rope.js';
export {
  ropeReference,
  ropeInvFreq,
  ropeSections,
  QWEN2_VL_MROPE_SECTION,
  type RopeMode,
  type RopeShape,
} from './ops/rope/rope.reference.js';
export {
  createBinary,
  type Binary,
  type BinaryArgs,
  type BinaryOptions,
  type BinaryOp,
} from './ops/binary/binary.js';
export { binaryReference } from './ops/binary/binary.reference.js';
export {
  createSiluMul,
  type SiluMul,
  type SiluMulArgs,
  type SiluMulOptions,
} from './ops/silu-mul/silu-mul.js';
export { siluMulReference, splitGateUp } from './ops/silu-mul/silu-mul.reference.js';
export { createGelu, type Gelu, type GeluArgs, type GeluOptions } from './ops/gelu/gelu.js';
export { geluReference, erf, type GeluVariant } from './ops/gelu/gelu.reference.js';
export {
  createMatmulInt4,
  createDequantizeInt4,
  uploadInt4Weight,
  type MatmulInt4,
  type MatmulInt4Args,
  type MatmulInt4Options,
  type DequantizeInt4,
  type DequantizeInt4Options,
  type GpuInt4Weight,
} from './ops/matmul-int4/matmul-int4.js';
export {
  quantizeInt4,
  dequantizeInt4Reference,
  INT4_GROUP_SIZES,
  type Int4Weight,
} from './ops/matmul-int4/matmul-int4.reference.js';
export {
  createEmbedding,
  type Embedding,
  type EmbeddingArgs,
  type EmbeddingOptions,
  type EmbeddingTableKind,
} from './ops/embedding/embedding.js';
export {
  embeddingReference,
  embeddingInt4Reference,
  quantizeInt8,
  dequantizeInt8Reference,
  type Int8Table,
} from './ops/embedding/embedding.reference.js';
export {
  createAttention,
  createAttentionDecode,
  createKvCache,
  createKvCacheWrite,
  type Attention,
  type AttentionArgs,
  type AttentionOptions,
  type AttentionDecode,
  type AttentionDecodeArgs,
  type KvCache,
  type KvCacheOptions,
  type KvCacheWrite,
  type KvCacheWriteArgs,
} from './ops/attention/attention.js';
export { attentionReference, type AttentionShape } from './ops/attention/attention.reference.js';
export {
  createArgmax,
  createSampler,
  SAMPLER_MAX_ROWS,
  type Argmax,
  type Sampler,
  type SamplerArgs,
  type SamplingOptions,
} from './ops/sampling/sampling.js';
export {
  argmaxReference,
  sampleReference,
  samplingDistribution,
  type SamplingParams,
} from './ops/sampling/sampling.reference.js';
export {
  createPreprocess,
  frameToTexture,
  type Preprocess,
  type PreprocessOptions,
  type PreprocessResult,
  type FrameSource,
} from './ops/preprocess/preprocess.js';
export {
  preprocessReference,
  resizeReference,
  QWEN2_VL_MEAN,
  QWEN2_VL_STD,
  type PreprocessParams,
} from './ops/preprocess/preprocess.reference.js';
export {
  createPatchEmbed,
  type PatchEmbed,
  type PatchEmbedArgs,
  type PatchEmbedOptions,
} from './ops/patch-embed/patch-embed.js';
export { conv3dReference } from './ops/patch-embed/patch-embed.reference.js';
