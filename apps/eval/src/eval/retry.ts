/**
 * Retry policy for model requests: exponential backoff with jitter, `Retry-After` honoured, a hard cap on
 * attempts and on any single wait.
 */

/** How often and how long to retry a request that failed with a retryable error. */
export interface RetryPolicy {
  /** Total attempts including the first one (the hard cap). Default: 6. */
  maxAttempts: number;
  /** Backoff before the second attempt, in ms; doubles every attempt. Default: 500. */
  baseDelayMs: number;
  /** Upper bound of the exponential backoff, in ms. Default: 30 000. */
  maxDelayMs: number;
  /** Longest wait a server's `Retry-After` may impose, in ms; longer values are clamped. Default: 120 000. */
  maxRetryAfterMs: number;
  /** Fraction of each backoff that is randomised (0 = none, 1 = full jitter). Default: 0.5. */
  jitter: number;
}

/** The defaults documented on {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 6,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 120_000,
  jitter: 0.5,
};

/**
 * Parses an HTTP `Retry-After` header (delay in seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined for a missing or unparseable header; past dates give 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value === null || value === undefined) {
    return undefined;
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) {
    return Math.round(Number(text) * 1000);
  }
  // An HTTP-date always names a month ("Wed, 21 Oct 2015 07:28:00 GMT"); bare numbers like "-1" are invalid.
  const date = /[a-z]/i.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(date)) {
    return undefined;
  }
  return Math.max(0, date - now);
}

/**
 * The wait before attempt `attempt + 1` after `attempt` failed (attempt counts from 1): the exponential backoff
 * `min(maxDelay, base * 2^(attempt-1))` with its `jitter` fraction randomised, or the server's `Retry-After`
 * when that is longer, never more than `maxRetryAfterMs`.
 */
export function retryDelay(
  attempt: number,
  policy: RetryPolicy,
  retryAfterMs?: number,
  random: () => number = Math.random,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const backoff = exp * (1 - policy.jitter) + exp * policy.jitter * random();
  const wait = retryAfterMs === undefined ? backoff : Math.max(backoff, retryAfterMs);
  return Math.round(Math.min(wait, Math.max(policy.maxRetryAfterMs, policy.maxDelayMs)));
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
