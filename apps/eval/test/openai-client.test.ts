import { afterEach, describe, expect, it } from 'vitest';
import { RequestError } from '../src/eval/errors.js';
import { startFakeOpenAIServer, type FakeAction, type FakeOpenAIServer } from '../src/eval/fake-server.js';
import { createChatCompletion, createRateGate } from '../src/eval/openai-client.js';
import type { RetryPolicy } from '../src/eval/retry.js';

const fast: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 5,
  maxDelayMs: 20,
  maxRetryAfterMs: 2000,
  jitter: 0.5,
};
const body = { model: 'm', messages: [{ role: 'user' as const, content: 'hi' }] };
let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that plays `script` in arrival order and answers "B" afterwards. */
async function scripted(script: FakeAction[]): Promise<FakeOpenAIServer> {
  server = await startFakeOpenAIServer({ handle: (_b, i) => script[i] ?? { type: 'answer', content: 'B' } });
  return server;
}

describe('createChatCompletion', () => {
  it('sends the body with a bearer key and reads content, reasoning and usage', async () => {
    const s = await scripted([
      { type: 'answer', content: 'C', reasoning: 'because', reasoningField: 'reasoning_content' },
    ]);
    const r = await createChatCompletion(body, {
      baseUrl: `${s.baseUrl}/`,
      apiKey: 'sk-test',
      timeoutMs: 2000,
      retry: fast,
    });
    expect(r).toEqual({
      attempts: 1,
      completion: {
        content: 'C',
        reasoning: 'because',
        finishReason: 'stop',
        usage: { promptTokens: 10, completionTokens: 1 },
      },
    });
    expect(s.requests[0]?.url).toBe('/v1/chat/completions');
    expect(s.requests[0]?.headers.authorization).toBe('Bearer sk-test');
    expect(s.requests[0]?.body).toEqual(body);
  });

  it('reads `reasoning` (current vLLM) and a null content as ""', async () => {
    const s = await scripted([{ type: 'answer', content: null, reasoning: 'thinking' }]);
    const r = await createChatCompletion(body, { baseUrl: s.baseUrl, timeoutMs: 2000, retry: fast });
    expect(r.completion.content).toBe('');
    expect(r.completion.reasoning).toBe('thinking');
    expect(s.requests[0]?.headers.authorization).toBeUndefined();
  });

  it('retries 429 (honouring Retry-After), 500, garbage, resets and timeouts, then succeeds', async () => {
    const s = await scripted([
      { type: 'status', status: 429, headers: { 'retry-after': '0.3' } },
      { type: 'status', status: 500 },
      { type: 'garbage' },
      { type: 'reset' },
    ]);
    const waits: number[] = [];
    const t0 = Date.now();
    const r = await createChatCompletion(body, {
      baseUrl: s.baseUrl,
      timeoutMs: 2000,
      retry: { ...fast, maxAttempts: 6 },
      onRetry: ({ delayMs }) => waits.push(delayMs),
    });
    expect(r.attempts).toBe(5);
    expect(r.completion.content).toBe('B');
    expect(waits[0]).toBe(300); // Retry-After 0.3 s beats the 5 ms backoff
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
    expect(s.requests.map((q) => q.action)).toEqual(['status', 'status', 'garbage', 'reset', 'answer']);
  });

  it('times out a hanging request and retries it', async () => {
    const s = await scripted([{ type: 'hang' }]);
    const r = await createChatCompletion(body, { baseUrl: s.baseUrl, timeoutMs: 500, retry: fast });
    expect(r.attempts).toBe(2);
  });

  it('gives up after maxAttempts with the last error', async () => {
    const s = await scripted(Array.from({ length: 10 }, () => ({ type: 'status', status: 503 }) as const));
    const err = await createChatCompletion(body, { baseUrl: s.baseUrl, timeoutMs: 2000, retry: fast }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RequestError);
    expect((err as RequestError).message).toMatch(
      /^HTTP 503: .*injected 503.* \(gave up after 4 attempts\)$/,
    );
    expect((err as RequestError).fatal).toBe(false);
    expect(s.requests).toHaveLength(4);
  });

  it('does not retry a 400 and marks 401 as fatal', async () => {
    const s = await scripted([
      { type: 'status', status: 400, body: '{"error":"At most 1 video(s) may be provided in one request"}' },
      { type: 'status', status: 401 },
    ]);
    const e400 = (await createChatCompletion(body, {
      baseUrl: s.baseUrl,
      timeoutMs: 2000,
      retry: fast,
    }).catch((e: unknown) => e)) as RequestError;
    expect(e400.message).toContain('HTTP 400');
    expect(e400.message).toContain('(not retryable)');
    expect(e400.fatal).toBe(false);
    const e401 = (await createChatCompletion(body, {
      baseUrl: s.baseUrl,
      timeoutMs: 2000,
      retry: fast,
    }).catch((e: unknown) => e)) as RequestError;
    expect(e401.fatal).toBe(true);
    expect(s.requests).toHaveLength(2);
  });

  it('classifies a refused connection as a network error and never leaks the key in messages', async () => {
    const s = await scripted([]);
    const url = s.baseUrl;
    await s.close();
    server = undefined;
    const err = (await createChatCompletion(body, {
      baseUrl: url,
      apiKey: 'sk-secret-123',
      timeoutMs: 500,
      retry: { ...fast, maxAttempts: 2 },
    }).catch((e: unknown) => e)) as RequestError;
    expect(err.kind).toBe('network');
    expect(err.message).toMatch(/ECONNREFUSED/);
    expect(JSON.stringify({ m: err.message, s: err.stack })).not.toContain('sk-secret-123');
  });

  it('holds back every request sharing the gate after one gets Retry-After', async () => {
    const s = await scripted([{ type: 'status', status: 429, headers: { 'retry-after': '0.4' } }]);
    const gate = createRateGate();
    const opts = { baseUrl: s.baseUrl, timeoutMs: 5000, retry: fast, gate };
    const first = createChatCompletion(body, opts);
    await new Promise((r) => setTimeout(r, 100)); // the 429 has arrived by now
    const others = [createChatCompletion(body, opts), createChatCompletion(body, opts)];
    await Promise.all([first, ...others]);
    const t429 = s.requests[0]!.receivedAt;
    const later = s.requests.slice(1).map((q) => q.receivedAt - t429);
    expect(later).toHaveLength(3);
    // Nobody, not even the requests that never saw a 429, is sent within the 0.4 s window (1 ms clock slack).
    expect(Math.min(...later)).toBeGreaterThanOrEqual(399);
  });

  it('stops at once when the run is aborted', async () => {
    const s = await scripted([{ type: 'hang' }]);
    const c = new AbortController();
    const p = createChatCompletion(body, { baseUrl: s.baseUrl, timeoutMs: 60_000, retry: fast }, c.signal);
    setTimeout(() => c.abort(new Error('interrupted')), 50);
    await expect(p).rejects.toThrow('interrupted');
  });
});
