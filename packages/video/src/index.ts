/**
 * @nextevent/video: probe, frame-exact past/future split, qwen-vl-utils frame sampling and scene detection, on
 * Mediabunny (WebCodecs in the browser, `@mediabunny/server` in Node).
 */
export {
  FPS,
  FPS_MAX_FRAMES,
  FPS_MIN_FRAMES,
  FRAME_FACTOR,
  FUTUREBENCH_SAMPLING,
  IMAGE_FACTOR,
  MAX_PIXELS,
  MAX_RATIO,
  MIN_PIXELS,
  VIDEO_MAX_PIXELS,
  VIDEO_MIN_PIXELS,
  VIDEO_TOTAL_PIXELS,
} from './sampling/constants.js';
export { smartResize, type ResizedSize, type SmartResizeOptions } from './sampling/smart-resize.js';
export {
  planVideoSampling,
  type VideoSamplingInput,
  type VideoSamplingPlan,
} from './sampling/plan-video-sampling.js';
export {
  CodecUnavailableError,
  CorruptMediaError,
  HttpError,
  NoVideoTrackError,
  OutputError,
  QwenSamplingError,
  SplitIntegrityError,
  SplitOutOfRangeError,
  UnsupportedCodecError,
  UnsupportedFormatError,
  VideoError,
} from './errors.js';
export { probe, type ProbeOptions, type ProbeResult } from './probe.js';
export { DEFAULT_HTTP_RETRIES, type ReadOptions, type VideoSource } from './source.js';
export { checkSupport, ensureCodecs, hasWebCodecs, type VideoSupport } from './support.js';
export { split, type KeyframePolicy, type SplitOptions, type SplitPart, type SplitResult } from './split.js';
export {
  sampleFrames,
  type SampledFrame,
  type SampledFrames,
  type SampleFramesOptions,
} from './frames/sample-frames.js';
export {
  detectScenes,
  type DetectScenesOptions,
  type SceneCut,
  type SceneDetection,
} from './scenes/detect-scenes.js';
