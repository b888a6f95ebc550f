import { LlmHttpError, LlmResponseError, LlmTimeoutError } from './errors.js';
import { repairJson, JsonRepairError, TRUNCATION_REPAIRS, type JsonRepair } from './json-repair.js';
import {
  addUsage,
  NO_USAGE,
  type ChatMessage,
  type ChatResponse,
  type LlmClient,
  type TokenUsage,
} from './llm-client.js';
import { StageError, type AttemptFailure, type FailureReason, type StageName } from './stage-error.js';
import type { z } from 'zod';

/** Retry and request settings shared by every stage function. */
export interface StageCallOptions {
  /** Attempts before the stage fails. Default: 3. */
  maxAttempts?: number;
  /** Delay before the first retry in milliseconds, doubled after each further failure. Default: 500. */
  retryDelayMs?: number;
  /** Upper bound on generated tokens per request. Default: the server's. */
  maxTokens?: number;
  /** Sampling temperature. Default: the client's. */
  temperature?: number;
  /** Cancels the stage; the abort reason is thrown as is. */
  signal?: AbortSignal;
}

/** A stage's validated value, plus what it cost. */
export interface StageResult<T> {
  value: T;
  /** Tokens of every attempt, failed ones included. */
  usage: TokenUsage;
  /** Number of requests made (1 when the first answer was usable). */
  attempts: number;
  /** JSON repairs applied to the accepted answer (empty for text stages and clean JSON). */
  repairs: JsonRepair[];
}

/** Thrown by an answer parser to fail one attempt. */
export class AttemptError extends Error {
  override name = 'AttemptError';
  readonly reason: FailureReason;
  readonly raw: string | undefined;
  readonly retryable: boolean;
  constructor(reason: FailureReason, message: string, raw?: string, retryable = true) {
    super(message);
    this.reason = reason;
    this.raw = raw;
    this.retryable = retryable;
  }
}

const APOLOGY =
  /^\s*(?:I['’]m sorry|I am sorry|Sorry\b|I cannot\b|I can['’]t\b|I can not\b|I won['’]t\b|I am unable|I['’]m unable|As an AI\b)/i;

/** Fails the attempt when the answer is a refusal, a content-filter stop or empty. */
export function checkAnswer(res: ChatResponse): void {
  if (res.refusal) {
    throw new AttemptError('refusal', `model refused: ${res.refusal.slice(0, 200)}`, res.refusal);
  }
  if (res.finishReason === 'content_filter') {
    throw new AttemptError('refusal', 'stopped by the content filter', res.content);
  }
  if (res.content.trim() === '') {
    throw new AttemptError(
      res.finishReason === 'length' ? 'truncated' : 'empty',
      res.finishReason === 'length' ? 'token limit reached before any answer' : 'empty answer',
      res.content,
    );
  }
}

/**
 * Parses a JSON answer: repairs what {@link repairJson} can; an answer cut off by the token limit whose repair had to
 * close it is rejected as `truncated` (its text would be silently incomplete), while a model that merely forgot a
 * closing brace is accepted. The value must then match `schema`.
 */
export function parseJsonAnswer<T>(
  res: ChatResponse,
  schema: z.ZodType<T>,
): { value: T; repairs: JsonRepair[] } {
  checkAnswer(res);
  let repaired: { value: unknown; repairs: JsonRepair[] };
  try {
    repaired = repairJson(res.content);
  } catch (err) {
    if (err instanceof JsonRepairError) {
      if (APOLOGY.test(res.content)) {
        throw new AttemptError('refusal', `model declined: ${res.content.slice(0, 200)}`, res.content);
      }
      throw new AttemptError(
        res.finishReason === 'length' ? 'truncated' : 'invalid-json',
        err.message,
        res.content,
      );
    }
    throw err;
  }
  if (res.finishReason === 'length' && repaired.repairs.some((r) => TRUNCATION_REPAIRS.has(r))) {
    throw new AttemptError('truncated', 'answer cut off by the token limit', res.content);
  }
  const v = schema.safeParse(repaired.value);
  if (!v.success) {
    throw new AttemptError(
      'schema',
      `answer does not match the schema: ${formatIssues(v.error)}`,
      res.content,
    );
  }
  return { value: v.data, repairs: repaired.repairs };
}

function formatIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}

function classify(err: unknown): AttemptFailure & { retryable: boolean } {
  if (err instanceof AttemptError) {
    return {
      reason: err.reason,
      message: err.message,
      ...(err.raw !== undefined ? { raw: err.raw } : {}),
      retryable: err.retryable,
    };
  }
  if (err instanceof LlmHttpError) {
    return { reason: 'http', message: err.message, raw: err.body, retryable: err.retryable };
  }
  if (err instanceof LlmTimeoutError) {
    return { reason: 'timeout', message: err.message, retryable: true };
  }
  if (err instanceof LlmResponseError) {
    return { reason: 'bad-response', message: err.message, raw: err.body, retryable: true };
  }
  const e = err instanceof Error ? err : new Error(String(err));
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return { reason: 'network', message: `${e.name}: ${e.message}${cause}`, retryable: true };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (ms <= 0) {
    return Promise.resolve();
  }
  return new Promise((resolve, reject) => {
    const t = setTimeout(done, ms);
    function done(): void {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }
    function onAbort(): void {
      clearTimeout(t);
      reject(signal?.reason as Error);
    }
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** What {@link callModel} sends and how it reads the answer. */
export interface ModelCall<T> {
  stage: StageName;
  messages: readonly ChatMessage[];
  json: boolean;
  extraBody?: Readonly<Record<string, unknown>>;
  /** Turns one answer into the stage value; throws {@link AttemptError} to fail the attempt. */
  parse(res: ChatResponse): { value: T; repairs: JsonRepair[] };
}

/**
 * Sends a request, parses the answer, and retries failed attempts (bad or cut-off JSON, refusals, timeouts, 429/5xx)
 * with exponential backoff.
 *
 * @throws StageError when every attempt failed or a failure cannot be fixed by retrying (HTTP 4xx).
 */
export async function callModel<T>(
  client: LlmClient,
  call: ModelCall<T>,
  options: StageCallOptions = {},
): Promise<StageResult<T>> {
  const maxAttempts = options.maxAttempts ?? 3;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new TypeError('options.maxAttempts, when provided, must be a positive integer');
  }
  const delay = options.retryDelayMs ?? 500;
  const failures: AttemptFailure[] = [];
  let usage = NO_USAGE;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    options.signal?.throwIfAborted();
    try {
      const res = await client.chat({
        messages: call.messages,
        json: call.json,
        ...(options.maxTokens !== undefined ? { maxTokens: options.maxTokens } : {}),
        ...(options.temperature !== undefined ? { temperature: options.temperature } : {}),
        ...(call.extraBody ? { extraBody: call.extraBody } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      usage = addUsage(usage, res.usage);
      const parsed = call.parse(res);
      return { value: parsed.value, usage, attempts: attempt, repairs: parsed.repairs };
    } catch (err) {
      if (options.signal?.aborted) {
        throw options.signal.reason;
      }
      const { retryable, ...failure } = classify(err);
      failures.push(failure);
      if (!retryable) {
        break;
      }
      if (attempt < maxAttempts) {
        await sleep(delay * 2 ** (attempt - 1), options.signal);
      }
    }
  }
  throw new StageError(call.stage, failures, usage);
}
