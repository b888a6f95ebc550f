/**
 * Where one generation spent its time. Durations are wall-clock milliseconds from `performance.now()`, measured
 * around work the model already waits for (the WebGPU backend reads every step's result back before the model
 * continues), so no extra device synchronisation is added to measure them.
 */
export interface GenerationTimings {
  /** Turning `messages` into model inputs (chat template, tokenization, frame resize and patchify); 0 with `inputs`. */
  preprocessMs: number;
  /** Vision tower (patch embed, ViT, merger) on the pixels of the inputs; 0 when embeddings were passed in. */
  visionMs: number;
  /** Positions run through the decoder in the prefill pass: batch × prompt length (text and visual tokens). */
  prefillTokens: number;
  /** The prefill pass over the whole prompt (excluding vision), up to the logits / token of its last position. */
  prefillMs: number;
  /** From the start of the stream (its first `next()`) until the first chunk is handed to the consumer. */
  timeToFirstTokenMs: number;
  /** Single-position decoder passes after the prefill (one per chunk after the first). */
  decodeSteps: number;
  /** Positions run through the decoder by those passes: batch × `decodeSteps`. */
  decodeTokens: number;
  /** Total duration of the decode passes (excluding the consumer's time between chunks). */
  decodeMs: number;
  /** From the start of the stream until it ended, including the consumer's time between chunks. */
  totalMs: number;
}

/** Milliseconds on the monotonic clock. */
export const now = (): number => performance.now();
