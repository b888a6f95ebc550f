import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay, sleep } from '../src/eval/retry.js';

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(' 0.25 ')).toBe(250);
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });
  it('ignores missing or unparseable values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-1')).toBeUndefined();
  });
});

describe('retryDelay', () => {
  const policy = {
    ...DEFAULT_RETRY_POLICY,
    baseDelayMs: 100,
    maxDelayMs: 1000,
    jitter: 0.5,
    maxRetryAfterMs: 5000,
  };
  it('doubles per attempt within the jitter band and caps at maxDelayMs', () => {
    // exp = 100·2^(n-1) capped at 1000; delay ∈ [exp/2, exp].
    expect(retryDelay(1, policy, undefined, () => 0)).toBe(50);
    expect(retryDelay(1, policy, undefined, () => 1)).toBe(100);
    expect(retryDelay(3, policy, undefined, () => 0.5)).toBe(300);
    expect(retryDelay(10, policy, undefined, () => 1)).toBe(1000);
  });
  it('honours a longer Retry-After, clamped at maxRetryAfterMs', () => {
    expect(retryDelay(1, policy, 2000, () => 0)).toBe(2000);
    expect(retryDelay(1, policy, 10, () => 1)).toBe(100);
    expect(retryDelay(1, policy, 60_000, () => 0)).toBe(5000);
  });
});

describe('sleep', () => {
  it('rejects with the abort reason', async () => {
    const c = new AbortController();
    const p = sleep(10_000, c.signal);
    c.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });
});
