/**
 * The real {@link Predictor}: frames from the past part (through a {@link FrameSampler} built on @nextevent/video),
 * then @nextevent/vlm's `predictNextEvent` (greedy, streamed; the FutureBench prompt of @nextevent/futurebench for
 * multiple choice), timed stage by stage with the generation's own `GenerationTimings`.
 */
import {
  predictNextEvent,
  type GenerationTimings,
  type PredictNextEventOptions,
  type QwenVlModel,
  type RgbFrame,
} from '@nextevent/vlm';
import type { PredictionTimings } from './metrics.js';
import type { Predictor, PredictHooks, PredictInput, PredictOutput } from './predictor.js';
import type { ModelInfo, PredictTask } from './protocol.js';
import { thumbnail } from './thumbnails.js';

/** Frames sampled from everything before the split. */
export interface PastFrames {
  /** Resized RGB(A) frames, sides multiples of 28 (qwen-vl-utils `smart_resize`). */
  frames: RgbFrame[];
  /** Source timestamp of each frame, seconds. */
  timestamps: number[];
  /** Sampling rate (frames per second) of `frames`; sets `second_per_grid_t`. */
  fps: number;
  /** Where the video was actually cut (s): every sampled frame is earlier. */
  cut: number;
}

/** Samples the past part of a video, FutureBench-style. */
export type FrameSampler = (video: Blob, at: number, signal: AbortSignal) => Promise<PastFrames>;

/** Height of the thumbnails sent to the page. */
const THUMB_HEIGHT = 54;

/** `predictNextEvent`'s question options for a task: free text, or a FutureBench doc's question and options. */
export function questionOptions(task: PredictTask): Pick<PredictNextEventOptions, 'question' | 'options'> {
  if (task.mode === 'free-text') {
    return { question: task.question };
  }
  const { Question, Options } = task.doc.qa;
  return { question: Question, options: { A: Options.A, B: Options.B, C: Options.C, D: Options.D } };
}

/**
 * The page's timings of one prediction: frame sampling measured here, the model's stages from
 * `predictNextEvent`'s {@link GenerationTimings}; the first token's time counts from the request (`generationStartMs`
 * is when the generation started, relative to it).
 */
export function predictionTimings(
  sampling: { frames: number; ms: number },
  generation: GenerationTimings,
  generationStartMs: number,
): PredictionTimings {
  return {
    framesSampled: sampling.frames,
    samplingMs: sampling.ms,
    visionMs: generation.visionMs,
    prefillTokens: generation.prefillTokens,
    prefillMs: generation.prefillMs,
    decodeTokens: generation.decodeTokens,
    decodeMs: generation.decodeMs,
    timeToFirstTokenMs: generationStartMs + generation.timeToFirstTokenMs,
  };
}

/** Wraps a loaded model. */
export function createVlmPredictor(model: QwenVlModel, sample: FrameSampler, info: ModelInfo): Predictor {
  return {
    info,
    async predict(input: PredictInput, hooks: PredictHooks): Promise<PredictOutput> {
      const started = performance.now();
      const past = await sample(input.video, input.at, hooks.signal);
      const samplingMs = performance.now() - started;
      hooks.signal.throwIfAborted();
      const first = past.frames[0];
      hooks.onFrames({
        count: past.frames.length,
        width: first?.width ?? 0,
        height: first?.height ?? 0,
        thumbnails: await Promise.all(
          past.frames.map(async (frame, i) => ({
            timestamp: past.timestamps[i] ?? 0,
            bitmap: await thumbnail(frame, THUMB_HEIGHT),
          })),
        ),
      });
      const generationStart = performance.now() - started;
      const result = await predictNextEvent(
        model,
        { frames: past.frames, fps: past.fps, timestamps: past.timestamps },
        {
          ...questionOptions(input.task),
          generation: { maxNewTokens: input.maxNewTokens, signal: hooks.signal },
          onText: (delta) => hooks.onToken(delta),
        },
      );
      hooks.signal.throwIfAborted();
      const timings = predictionTimings(
        { frames: past.frames.length, ms: samplingMs },
        result.timings,
        generationStart,
      );
      return { text: result.text, timings };
    },
    dispose() {
      model.dispose();
    },
  };
}
