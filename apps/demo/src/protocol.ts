/**
 * The typed message protocol between the page and the model worker. The worker owns the GPU device, the model and
 * video decoding; the page only renders. Every request carries an `id`; every event answering it repeats the id.
 */
import type { PredictionTimings } from './metrics.js';
import type { ModelSource } from './model-source.js';
import type { FutureBenchDoc } from './docs.js';

/** What the model is asked. */
export type PredictTask =
  { mode: 'free-text'; question: string } | { mode: 'multiple-choice'; doc: FutureBenchDoc };

/** Where the model computes: WebGPU kernels, the float32 CPU reference, or WebGPU when an adapter exists. */
export type ComputeBackend = 'auto' | 'webgpu' | 'cpu';

/** Facts about a loaded model, shown on the page. */
export interface ModelInfo {
  /** Display name (repo id, folder name). */
  name: string;
  /** True for randomly initialised weights: the page says so wherever the model is shown. */
  untrained: boolean;
  /** e.g. `Qwen2.5-VL · 2 layers · hidden 64`. */
  summary: string;
  /** Weight bytes on the GPU. */
  bytes: number;
  /** True when every file came from the local cache (no network). */
  fromCache: boolean;
}

/** Summary of a probed video. */
export interface VideoSummary {
  duration: number;
  width: number;
  height: number;
  fps: number;
  frames: number;
  codec: string;
  container: string;
  hasAudio: boolean;
}

/** Requests from the page to the worker. */
export type WorkerRequest =
  | { type: 'load-model'; id: number; source: ModelSource; compute: ComputeBackend }
  | { type: 'analyze-video'; id: number; video: Blob }
  | { type: 'predict'; id: number; video: Blob; at: number; task: PredictTask; maxNewTokens: number }
  | { type: 'cancel'; id: number; target: number };

/** A sampled frame shown as a thumbnail: what the model actually saw. */
export interface FrameThumbnail {
  timestamp: number;
  bitmap: ImageBitmap;
}

/** Events from the worker to the page. */
export type WorkerEvent =
  | {
      type: 'progress';
      id: number;
      stage: 'download' | 'upload';
      file: string;
      loaded: number;
      total: number;
    }
  | { type: 'model-loaded'; id: number; info: ModelInfo; ms: number }
  | {
      type: 'video-analyzed';
      id: number;
      video: VideoSummary;
      cuts: number[];
      /** Evenly spaced previews for the timeline (empty when they could not be made). */
      filmstrip: FrameThumbnail[];
      ms: number;
    }
  | {
      type: 'frames-sampled';
      id: number;
      count: number;
      width: number;
      height: number;
      thumbnails: FrameThumbnail[];
    }
  | { type: 'token'; id: number; text: string }
  | {
      type: 'prediction-done';
      id: number;
      text: string;
      /** Only for multiple choice: the extracted letter ('' when none) and whether it matches the answer. */
      choice?: { letter: string; answer: string; correct: boolean };
      timings: PredictionTimings;
    }
  | { type: 'cancelled'; id: number }
  | { type: 'error'; id: number; name: string; message: string };

/** Event types that end a request: no more events follow for that id. */
export const TERMINAL_EVENTS: ReadonlySet<WorkerEvent['type']> = new Set([
  'model-loaded',
  'video-analyzed',
  'prediction-done',
  'cancelled',
  'error',
]);

const REQUEST_TYPES = new Set(['load-model', 'analyze-video', 'predict', 'cancel']);

/** Structural check of an incoming request (the worker trusts nothing it has not checked). */
export function isWorkerRequest(value: unknown): value is WorkerRequest {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.type !== 'string' || !REQUEST_TYPES.has(v.type) || !Number.isInteger(v.id)) {
    return false;
  }
  switch (v.type) {
    case 'load-model':
      return (
        typeof v.source === 'object' &&
        v.source !== null &&
        ['auto', 'webgpu', 'cpu'].includes(String(v.compute))
      );
    case 'analyze-video':
      return v.video instanceof Blob;
    case 'predict':
      return (
        v.video instanceof Blob &&
        typeof v.at === 'number' &&
        Number.isFinite(v.at) &&
        typeof v.task === 'object' &&
        v.task !== null &&
        Number.isInteger(v.maxNewTokens)
      );
    case 'cancel':
      return Number.isInteger(v.target);
    default:
      return false;
  }
}
