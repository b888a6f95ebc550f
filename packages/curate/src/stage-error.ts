import type { TokenUsage } from './llm-client.js';

/**
 * The pipeline's steps, in order. Each has its own cache entry and report counters. `probe` reads the video's
 * duration before any model request, so a file that cannot be decoded costs no request.
 */
export const STAGES = [
  'probe',
  'caption',
  'events',
  'causal',
  'captionSplit',
  'grounding',
  'videoSplit',
  'reasoning',
  'rewrite',
  'critique',
] as const;

/** One of {@link STAGES}. */
export type StageName = (typeof STAGES)[number];

/** Why one attempt at a stage failed. */
export type FailureReason =
  /** No JSON object could be recovered from the answer. */
  | 'invalid-json'
  /** JSON parsed but does not match the stage's schema. */
  | 'schema'
  /** The answer was cut off by the token limit and could not be used. */
  | 'truncated'
  /** The model declined (a `refusal` field, a content filter, or an apology instead of the answer). */
  | 'refusal'
  /** The answer was empty. */
  | 'empty'
  /** No answer within the client's timeout. */
  | 'timeout'
  /** The server answered with an HTTP error. */
  | 'http'
  /** The server answered 2xx with something that is not a chat completion. */
  | 'bad-response'
  /** The request could not be sent (connection refused, DNS, …). */
  | 'network'
  /** The VLM's answer holds no usable MM:SS.ss timestamp inside the video. */
  | 'bad-timestamp'
  /** Reading, probing, scene detection or splitting the video failed. */
  | 'video'
  /** Anything else that went wrong for this video (a file that cannot be read or written, …). */
  | 'error';

/** One failed attempt, kept for the report. */
export interface AttemptFailure {
  reason: FailureReason;
  message: string;
  /** The model's raw answer, when there was one. */
  raw?: string;
}

/** A stage gave up: every attempt failed, or a failure that retrying cannot fix. Carries the raw answers. */
export class StageError extends Error {
  override name = 'StageError';
  readonly stage: StageName;
  /** The reason of the last attempt. */
  readonly reason: FailureReason;
  /** The last raw answer, when any attempt got one. */
  readonly raw: string | undefined;
  readonly attempts: readonly AttemptFailure[];
  /** Tokens spent on the failed attempts. */
  readonly usage: TokenUsage;
  constructor(stage: StageName, attempts: readonly AttemptFailure[], usage: TokenUsage) {
    const last = attempts[attempts.length - 1];
    super(
      `stage "${stage}" failed after ${attempts.length} attempt(s): ${last ? `${last.reason}: ${last.message}` : 'no attempt'}`,
    );
    this.stage = stage;
    this.reason = last?.reason ?? 'bad-response';
    this.raw = [...attempts].reverse().find((a) => a.raw !== undefined)?.raw;
    this.attempts = attempts;
    this.usage = usage;
  }
}
