import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  chatCompletionsUrl,
  createOpenAiClient,
  listModels,
  LlmHttpError,
  LlmNetworkError,
  LlmResponseError,
  LlmTimeoutError,
} from '@nextevent/curate';
import { startFakeServer, type FakeServer } from './helpers/fake-openai.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const ask = { messages: [{ role: 'user' as const, content: 'Event Identification\n\nhi' }] };

describe('createOpenAiClient', () => {
  it('sends model, messages, temperature, token limit, key and JSON mode; reads content and usage', async () => {
    server = await startFakeServer(() => ({
      content: '{"a":1}',
      usage: { prompt_tokens: 7, completion_tokens: 3 },
    }));
    const client = createOpenAiClient({ baseUrl: `${server.url}/`, model: 'm', apiKey: 'sk-test' });
    const res = await client.chat({
      ...ask,
      json: true,
      maxTokens: 99,
      extraBody: { media_io_kwargs: { x: 1 } },
    });
    expect(res).toEqual({
      content: '{"a":1}',
      finishReason: 'stop',
      usage: { promptTokens: 7, completionTokens: 3 },
    });
    const call = server.calls[0]!;
    expect(call.headers.authorization).toBe('Bearer sk-test');
    expect(call.body).toEqual({
      model: 'm',
      messages: ask.messages,
      temperature: 0,
      max_tokens: 99,
      response_format: { type: 'json_object' },
      media_io_kwargs: { x: 1 },
    });
  });

  it('drops JSON mode for good when the server rejects response_format', async () => {
    server = await startFakeServer((call) =>
      call.body.response_format
        ? { status: 400, body: '{"error":{"message":"response_format is not supported"}}' }
        : { content: '{}' },
    );
    const client = createOpenAiClient({ baseUrl: server.url, model: 'm' });
    await client.chat({ ...ask, json: true });
    await client.chat({ ...ask, json: true });
    expect(server.calls.map((c) => c.body.response_format !== undefined)).toEqual([true, false, false]);
  });

  it('reads the reasoning channel from reasoning, then reasoning_content, and refusals', async () => {
    const replies = [
      { content: 'a', reasoning: 'r1', reasoning_content: 'ignored' },
      { content: 'b', reasoning_content: 'r2' },
      { content: null, refusal: 'no' },
    ];
    server = await startFakeServer((_c) => replies.shift()!);
    const client = createOpenAiClient({ baseUrl: server.url, model: 'm' });
    expect((await client.chat(ask)).reasoning).toBe('r1');
    expect((await client.chat(ask)).reasoning).toBe('r2');
    expect(await client.chat(ask)).toMatchObject({ content: '', refusal: 'no' });
  });

  it('types HTTP errors, timeouts and malformed bodies', async () => {
    const replies = [
      { status: 503, body: 'overloaded' },
      { status: 401, body: 'bad key' },
      { body: 'not json' },
      { body: '{"choices": []}' },
      { content: 'late', delayMs: 2000 },
    ];
    server = await startFakeServer(() => replies.shift()!);
    const client = createOpenAiClient({ baseUrl: server.url, model: 'm', timeoutMs: 150 });
    const e1 = await client.chat(ask).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(LlmHttpError);
    expect((e1 as LlmHttpError).retryable).toBe(true);
    const e2 = await client.chat(ask).catch((e: unknown) => e);
    expect((e2 as LlmHttpError).retryable).toBe(false);
    expect((e2 as Error).message).toMatch(/HTTP 401: bad key$/);
    await expect(client.chat(ask)).rejects.toBeInstanceOf(LlmResponseError);
    await expect(client.chat(ask)).rejects.toBeInstanceOf(LlmResponseError);
    await expect(client.chat(ask)).rejects.toBeInstanceOf(LlmTimeoutError);
  });

  it('rethrows the caller’s abort reason', async () => {
    server = await startFakeServer(() => ({ content: 'late', delayMs: 2000 }));
    const client = createOpenAiClient({ baseUrl: server.url, model: 'm' });
    const ac = new AbortController();
    const p = client.chat({ ...ask, signal: ac.signal });
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
  });

  it('validates its options', () => {
    expect(() =>
      createOpenAiClient({ baseUrl: 'localhost:8000', model: 'm' }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.baseUrl must be an absolute http(s) URL, got "localhost:8000"]`,
    );
    expect(() =>
      createOpenAiClient({ baseUrl: 'http://x/v1', model: '' }),
    ).toThrowErrorMatchingInlineSnapshot(`[TypeError: options.model must be a non-empty string]`);
    expect(() =>
      createOpenAiClient({ baseUrl: 'http://x/v1', model: 'm', timeoutMs: 0 }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.timeoutMs, when provided, must be a positive number]`,
    );
    expect(chatCompletionsUrl('http://x/v1/chat/completions')).toBe('http://x/v1/chat/completions');
  });
});

/** A loopback port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('listModels', () => {
  it('names the URL and the cause when the server cannot be reached', async () => {
    const base = `http://127.0.0.1:${await closedPort()}/v1`;
    const err = await listModels(base).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LlmNetworkError);
    expect((err as LlmNetworkError).url).toBe(`${base}/models`);
    expect((err as Error).message).toMatch(
      new RegExp(`^cannot reach ${base.replace(/[.]/g, '\\.')}/models: .*ECONNREFUSED`),
    );
  });

  it('rejects with the caller’s abort reason', async () => {
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(listModels('http://127.0.0.1:9/v1', { signal: ac.signal })).rejects.toThrow('stop');
  });
});
