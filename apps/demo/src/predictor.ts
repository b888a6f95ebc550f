/**
 * The worker's model seam: a {@link Predictor} turns (video, split, task) into streamed text. The real one is built
 * on @nextevent/vlm (see `vlm-predictor.ts`); tests plug in fakes.
 */
import type { PredictionTimings } from './metrics.js';
import type { ModelSource } from './model-source.js';
import type { ComputeBackend, FrameThumbnail, ModelInfo, PredictTask, VideoSummary } from './protocol.js';

/** Frames the predictor sampled from the past part, reported before generation starts. */
export interface SampledFrames {
  count: number;
  width: number;
  height: number;
  /** Small RGB previews with their timestamps (seconds). */
  thumbnails: { timestamp: number; bitmap: ImageBitmap }[];
}

/** Callbacks and cancellation for one prediction. */
export interface PredictHooks {
  signal: AbortSignal;
  onFrames(frames: SampledFrames): void;
  onToken(text: string): void;
}

/** One prediction request. */
export interface PredictInput {
  video: Blob;
  /** Split point in seconds: the model only sees frames before it. */
  at: number;
  task: PredictTask;
  maxNewTokens: number;
}

/** The full generated text and the measurements. */
export interface PredictOutput {
  text: string;
  timings: PredictionTimings;
}

/** A loaded model, ready to predict. */
export interface Predictor {
  readonly info: ModelInfo;
  predict(input: PredictInput, hooks: PredictHooks): Promise<PredictOutput>;
  dispose(): void;
}

/** Progress of a model load. */
export interface LoadProgress {
  stage: 'download' | 'upload';
  file: string;
  loaded: number;
  total: number;
}

/** What the worker needs from the outside world; the real implementation wires @nextevent/* in. */
export interface WorkerBackend {
  loadPredictor(
    source: ModelSource,
    options: { compute: ComputeBackend; signal: AbortSignal; onProgress: (p: LoadProgress) => void },
  ): Promise<Predictor>;
  analyzeVideo(
    video: Blob,
    signal: AbortSignal,
  ): Promise<{ video: VideoSummary; cuts: number[]; filmstrip: FrameThumbnail[] }>;
  /** Scores a multiple-choice response the way FutureBench does. */
  scoreChoice(
    doc: Extract<PredictTask, { mode: 'multiple-choice' }>['doc'],
    response: string,
  ): {
    letter: string;
    answer: string;
    correct: boolean;
  };
}
