import { z } from 'zod';
import { LlmHttpError, LlmResponseError, LlmTimeoutError } from './errors.js';
import type { ChatRequest, ChatResponse, LlmClient } from './llm-client.js';

/** Options of {@link createOpenAiClient}. */
export interface OpenAiClientOptions {
  /** Server base URL up to `/v1` (e.g. `http://127.0.0.1:8000/v1`), or the full `…/chat/completions` URL. */
  baseUrl: string;
  /** The `model` field sent with every request. */
  model: string;
  /** Sent as `Authorization: Bearer <apiKey>` when set. */
  apiKey?: string;
  /** Per-request timeout in milliseconds. Default: 600000 (reasoning models are slow). */
  timeoutMs?: number;
  /**
   * `response_format: {type: "json_object"}` for requests with `json: true`. `auto` (default) sends it and, if the
   * server rejects it with HTTP 400 naming `response_format`, resends without it and stops sending it; `always`
   * and `never` do what they say.
   */
  jsonMode?: 'auto' | 'always' | 'never';
  /** Temperature for requests that set none. Default: 0. */
  temperature?: number;
  /** Extra headers. */
  headers?: Readonly<Record<string, string>>;
  /** The fetch implementation. Default: the global one. */
  fetch?: typeof globalThis.fetch;
}

const responseSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({
          content: z.string().nullish(),
          reasoning: z.string().nullish(),
          reasoning_content: z.string().nullish(),
          refusal: z.string().nullish(),
        }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
  usage: z.object({ prompt_tokens: z.number().nullish(), completion_tokens: z.number().nullish() }).nullish(),
});

/** Resolves `baseUrl` to the chat-completions endpoint. */
export function chatCompletionsUrl(baseUrl: string): string {
  const url = baseUrl.replace(/\/+$/, '');
  return url.endsWith('/chat/completions') ? url : `${url}/chat/completions`;
}

/**
 * An {@link LlmClient} for any OpenAI-compatible `/v1/chat/completions` server (vLLM, SGLang, Ollama, llama.cpp,
 * OpenAI, DeepSeek). Reads the reasoning channel from `reasoning` or `reasoning_content`.
 *
 * @throws TypeError for invalid options.
 */
export function createOpenAiClient(options: OpenAiClientOptions): LlmClient {
  let parsed: URL;
  try {
    parsed = new URL(options.baseUrl);
  } catch {
    throw new TypeError(
      `options.baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(
      `options.baseUrl must be an absolute http(s) URL, got ${JSON.stringify(options.baseUrl)}`,
    );
  }
  if (typeof options.model !== 'string' || options.model === '') {
    throw new TypeError('options.model must be a non-empty string');
  }
  const timeoutMs = options.timeoutMs ?? 600_000;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new TypeError('options.timeoutMs, when provided, must be a positive number');
  }
  const url = chatCompletionsUrl(options.baseUrl);
  const doFetch = options.fetch ?? globalThis.fetch;
  let jsonMode = options.jsonMode ?? 'auto';
  const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
  if (options.apiKey) {
    headers.authorization = `Bearer ${options.apiKey}`;
  }

  /** Sends one request; resolves to the body text of a 2xx answer or the HTTP error (thrown for everything else). */
  async function post(request: ChatRequest, withJsonMode: boolean): Promise<string | LlmHttpError> {
    const body: Record<string, unknown> = {
      ...request.extraBody,
      model: options.model,
      messages: request.messages,
      temperature: request.temperature ?? options.temperature ?? 0,
    };
    if (request.maxTokens !== undefined) {
      body.max_tokens = request.maxTokens;
    }
    if (withJsonMode) {
      body.response_format = { type: 'json_object' };
    }
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
    try {
      // The signal also covers reading the body, so a server that stalls mid-answer times out too.
      const res = await doFetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal });
      const text = await res.text();
      return res.ok ? text : new LlmHttpError(url, res.status, text);
    } catch (err) {
      throw rethrow(err, request.signal, timeout);
    }
  }

  function rethrow(err: unknown, outer: AbortSignal | undefined, timeout: AbortSignal): unknown {
    if (outer?.aborted) {
      return outer.reason;
    }
    if (timeout.aborted) {
      return new LlmTimeoutError(url, timeoutMs);
    }
    return err;
  }

  return {
    model: options.model,
    async chat(request: ChatRequest): Promise<ChatResponse> {
      const wantJson = request.json === true && jsonMode !== 'never';
      let res = await post(request, wantJson);
      if (
        res instanceof LlmHttpError &&
        wantJson &&
        jsonMode === 'auto' &&
        res.status === 400 &&
        /response_format|json_object|json mode/i.test(res.body)
      ) {
        jsonMode = 'never';
        res = await post(request, false);
      }
      if (res instanceof LlmHttpError) {
        throw res;
      }
      const text = res;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new LlmResponseError(url, 'response body is not JSON', text);
      }
      const r = responseSchema.safeParse(json);
      if (!r.success) {
        throw new LlmResponseError(url, `response is not a chat completion: ${r.error.message}`, text);
      }
      const choice = r.data.choices[0];
      if (!choice) {
        throw new LlmResponseError(url, 'response has no choices', text);
      }
      const m = choice.message;
      const reasoning = m.reasoning ?? m.reasoning_content ?? undefined;
      return {
        content: m.content ?? '',
        ...(reasoning ? { reasoning } : {}),
        ...(m.refusal ? { refusal: m.refusal } : {}),
        finishReason: choice.finish_reason ?? null,
        usage: {
          promptTokens: r.data.usage?.prompt_tokens ?? 0,
          completionTokens: r.data.usage?.completion_tokens ?? 0,
        },
      };
    },
  };
}
