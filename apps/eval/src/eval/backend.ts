/** The model side of an eval run: anything that turns a prompt plus media into a response. */
import type { DocMedia } from './resolve-media.js';

/** One sample to predict. */
export interface PredictInput {
  /** lmms-eval's `doc_id`: the doc's 0-based position in the data file. */
  docId: number;
  /** The task prompt text (lmms-eval `doc_to_text`). */
  prompt: string;
  /** Resolved, existing media files. */
  media: DocMedia;
  /** Reports a retry (for the progress counters); never receives secrets. */
  onRetry?: (info: { attempt: number; delayMs: number; message: string }) => void;
}

/** A backend's answer for one sample. */
export interface Prediction {
  /** The generated text that is scored. */
  response: string;
  /** Reasoning text, when the server returns one (`reasoning` / `reasoning_content`). */
  reasoning?: string;
  finishReason?: string;
  /** Requests sent for this sample (1 = no retry). */
  attempts: number;
  promptTokens?: number;
  completionTokens?: number;
}

/** A model backend (`openai`, `local`). */
export interface EvalBackend {
  /** lmms-eval's `config.model` (the backend name). */
  readonly name: string;
  /** lmms-eval's `model_name` (e.g. `Qwen/Qwen2.5-VL-7B-Instruct`). */
  readonly modelName: string;
  /** lmms-eval's `config.model_args` (`model=…,base_url=…`), never holding a secret. */
  readonly modelArgs: string;
  /** What identifies the model for `--resume` (a resumed run must use the same). */
  readonly fingerprint: Record<string, unknown>;
  /**
   * Predicts one sample. Throws `RequestError` for a failed request (after its own retries; a `fatal` one stops
   * the run) or `MediaDecodeError` for unreadable media; both fail only this sample. Rejects with the signal's
   * reason when `signal` aborts.
   */
  predict(input: PredictInput, signal: AbortSignal): Promise<Prediction>;
  /** Releases models, decoders and connections. */
  close?(): Promise<void>;
}
