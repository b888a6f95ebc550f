/**
 * The real {@link Predictor}: frames from the past part (through a {@link FrameSampler} built on @nextevent/video),
 * then @nextevent/vlm's `predictNextEvent` (greedy, streamed; the FutureBench prompt of @nextevent/futurebench for
 * multiple choice), timed stage by stage.
 */
import { predictNextEvent, QwenVlModel, type PredictNextEventOptions, type RgbFrame } from '@nextevent/vlm';
import type { PredictionTimings } from './metrics.js';
import type { Predictor, PredictHooks, PredictInput, PredictOutput } from './predictor.js';
import type { ModelInfo, PredictTask } from './protocol.js';
import { thumbnail } from './thumbnails.js';
import { timeBackend } from './timed-backend.js';

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

/** Wraps a loaded model. The model's backend is re-wrapped to time vision, prefill and decode. */
export function createVlmPredictor(model: QwenVlModel, sample: FrameSampler, info: ModelInfo): Predictor {
  const timed = timeBackend(model.backend);
  const timedModel = new QwenVlModel(model.config, timed.backend, model.tokenizer, model.source);
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
      timed.reset();
      const result = await predictNextEvent(
        timedModel,
        { frames: past.frames, fps: past.fps, timestamps: past.timestamps },
        {
          ...questionOptions(input.task),
          generation: { maxNewTokens: input.maxNewTokens, signal: hooks.signal },
          onText: (delta) => hooks.onToken(delta),
        },
      );
      hooks.signal.throwIfAborted();
      const t = timed.timings;
      const timings: PredictionTimings = {
        framesSampled: past.frames.length,
        samplingMs,
        visionMs: t.visionMs,
        prefillTokens: t.prefillTokens,
        prefillMs: t.prefillMs,
        decodeTokens: t.decodeSteps,
        decodeMs: t.decodeMs,
        timeToFirstTokenMs: (t.prefillEnd ?? performance.now()) - started,
      };
      return { text: result.text, timings };
    },
    dispose() {
      timedModel.dispose();
    },
  };
}
