/**
 * @nextevent/kernels/ort: ONNX Runtime as oracle and baseline (onnxruntime-node in Node, onnxruntime-web/webgpu
 * in browsers), with tiny single-operator graphs built in code.
 */
export {
  createOrtSession,
  loadOrt,
  isNode,
  type OrtSession,
  type OrtSessionOptions,
  type OrtExecutionProvider,
  type OrtTensorData,
  type OrtTensorType,
} from './session.js';
export {
  buildModel,
  type OnnxAttribute,
  type OnnxInitializer,
  type OnnxNode,
  type OnnxValueInfo,
} from './graph.js';
export {
  matmulModel,
  matmulNBitsModel,
  softmaxModel,
  rmsNormModel,
  layerNormModel,
  attentionModel,
  gqaDecodeModel,
  gqaPrefillModel,
  rotaryEmbeddingModel,
  gatherModel,
  sampleModel,
  mropeModel,
} from './models.js';
