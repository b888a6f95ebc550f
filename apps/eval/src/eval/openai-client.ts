/**
 * A minimal OpenAI-compatible chat-completions client (vLLM, SGLang, OpenAI-style APIs): builds the request,
 * enforces a timeout per attempt, classifies failures, retries the retryable ones with backoff.
 * Never logs or returns the API key.
 */
import { RequestError } from './errors.js';
import { DEFAULT_RETRY_POLICY, parseRetryAfter, retryDelay, sleep, type RetryPolicy } from './retry.js';

/** One part of a user message's content. */
export type ContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } };

/** A chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | ContentPart[];
}

/** The JSON body sent to `/chat/completions`. Extra fields (vLLM's `media_io_kwargs`, …) pass through. */
export interface ChatRequestBody {
  model: string;
  messages: ChatMessage[];
  [field: string]: unknown;
}

/** What the client keeps from a completion. */
export interface ChatCompletion {
  /** `choices[0].message.content` ('' when null). */
  content: string;
  /** `message.reasoning` (current vLLM) or `message.reasoning_content` (older vLLM, DeepSeek), when present. */
  reasoning?: string;
  finishReason?: string;
  usage?: { promptTokens?: number; completionTokens?: number };
}

/** Connection settings. */
export interface ClientOptions {
  /** Base URL up to and including `/v1` (e.g. `http://127.0.0.1:8000/v1`). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  apiKey?: string;
  /** Per-attempt timeout in ms (connect + response + body). */
  timeoutMs: number;
  retry?: RetryPolicy;
  /** Called before each retry wait (for progress output); `error` never contains the key. */
  onRetry?: (info: { attempt: number; delayMs: number; error: RequestError }) => void;
  /**
   * Shared by all requests of a run: a server's `Retry-After` holds back every request, not only the one that
   * received it (a rate-limited server asks the client, not one request, to wait).
   */
  gate?: RateGate;
}

/** A shared "not before" time for requests, set from `Retry-After`. */
export interface RateGate {
  /** Epoch ms before which no request is sent. */
  notBefore: number;
}

/** Creates an open gate. */
export function createRateGate(): RateGate {
  return { notBefore: 0 };
}

/** The result of a request after retries: the completion and how many attempts it took. */
export interface CompletionResult {
  completion: ChatCompletion;
  attempts: number;
}

/** HTTP statuses worth retrying: request timeout, conflict, too early, rate limited, and server errors. */
function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
}

/** Statuses after which no request can succeed: bad key, forbidden, wrong URL or model. */
function isFatalStatus(status: number): boolean {
  return status === 401 || status === 403 || status === 404;
}

const NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
  }
  return undefined;
}

function truncate(text: string, max = 200): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max)}…` : oneLine;
}

/** Reads the fields we keep from a parsed completion, or throws a retryable bad-response error. */
export function parseCompletion(json: unknown): ChatCompletion {
  const choices = (json as { choices?: unknown } | null)?.choices;
  const first: unknown = Array.isArray(choices) ? choices[0] : undefined;
  const message = (first as { message?: unknown } | undefined)?.message as
    Record<string, unknown> | undefined;
  if (message === undefined || message === null || typeof message !== 'object') {
    throw new RequestError('response has no choices[0].message', { kind: 'bad-response', retryable: true });
  }
  const content = message.content;
  if (content !== null && content !== undefined && typeof content !== 'string') {
    throw new RequestError('choices[0].message.content is not a string', {
      kind: 'bad-response',
      retryable: true,
    });
  }
  const out: ChatCompletion = { content: content ?? '' };
  const reasoning = message.reasoning ?? message.reasoning_content;
  if (typeof reasoning === 'string') {
    out.reasoning = reasoning;
  }
  const finish = (first as { finish_reason?: unknown }).finish_reason;
  if (typeof finish === 'string') {
    out.finishReason = finish;
  }
  const usage = (json as { usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } }).usage;
  if (usage && typeof usage === 'object') {
    out.usage = {};
    if (typeof usage.prompt_tokens === 'number') {
      out.usage.promptTokens = usage.prompt_tokens;
    }
    if (typeof usage.completion_tokens === 'number') {
      out.usage.completionTokens = usage.completion_tokens;
    }
  }
  return out;
}

/** Sends one attempt. Throws {@link RequestError} (classified) on any failure; rethrows the run's abort reason. */
export async function postChatCompletion(
  body: ChatRequestBody | string,
  options: Pick<ClientOptions, 'baseUrl' | 'apiKey' | 'timeoutMs'>,
  signal?: AbortSignal,
): Promise<ChatCompletion> {
  const url = `${options.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.apiKey) {
    headers.authorization = `Bearer ${options.apiKey}`;
  }
  let status = 0;
  let text: string;
  let retryAfter: string | null = null;
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: combined,
    });
    status = res.status;
    retryAfter = res.headers.get('retry-after');
    // A server may echo the key back (e.g. "invalid key sk-…"); it must never reach a message or a log.
    text = options.apiKey ? (await res.text()).split(options.apiKey).join('***') : await res.text();
  } catch (err) {
    if (signal?.aborted) {
      throw signal.reason;
    }
    if (timeout.aborted) {
      throw new RequestError(`no complete response within ${options.timeoutMs} ms`, {
        kind: 'timeout',
        retryable: true,
        cause: err,
      });
    }
    const code = errorCode(err);
    const msg = err instanceof Error ? err.message : String(err);
    throw new RequestError(`connection failed${code ? ` (${code})` : ''}: ${msg}`, {
      kind: 'network',
      retryable:
        code === undefined || NETWORK_CODES.has(code) || msg === 'fetch failed' || msg === 'terminated',
      cause: err,
    });
  }
  if (status < 200 || status >= 300) {
    const retryAfterMs = parseRetryAfter(retryAfter);
    throw new RequestError(`HTTP ${status}: ${truncate(text)}`, {
      kind: 'http',
      status,
      retryable: isRetryableStatus(status),
      fatal: isFatalStatus(status),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new RequestError(`HTTP ${status} with a body that is not JSON: ${truncate(text, 80)}`, {
      kind: 'bad-response',
      status,
      retryable: true,
    });
  }
  return parseCompletion(json);
}

/**
 * Sends a chat completion, retrying retryable failures (429, 5xx, timeouts, connection resets, unreadable
 * bodies) with exponential backoff and jitter, honouring `Retry-After`, at most `retry.maxAttempts` attempts.
 * Throws the last {@link RequestError} (with `attempts` in its message) when it gives up.
 */
export async function createChatCompletion(
  body: ChatRequestBody,
  options: ClientOptions,
  signal?: AbortSignal,
): Promise<CompletionResult> {
  const policy = options.retry ?? DEFAULT_RETRY_POLICY;
  const payload = JSON.stringify(body);
  const gate = options.gate;
  for (let attempt = 1; ; attempt++) {
    try {
      while (gate && gate.notBefore > Date.now()) {
        await sleep(gate.notBefore - Date.now(), signal);
      }
      const completion = await postChatCompletion(payload, options, signal);
      return { completion, attempts: attempt };
    } catch (err) {
      if (!(err instanceof RequestError)) {
        throw err;
      }
      if (!err.retryable || attempt >= policy.maxAttempts) {
        const why = err.retryable ? `gave up after ${attempt} attempts` : 'not retryable';
        throw new RequestError(`${err.message} (${why})`, {
          kind: err.kind,
          retryable: false,
          fatal: err.fatal,
          cause: err,
          ...(err.status === undefined ? {} : { status: err.status }),
        });
      }
      const delayMs = retryDelay(attempt, policy, err.retryAfterMs);
      if (gate && err.retryAfterMs !== undefined) {
        gate.notBefore = Math.max(gate.notBefore, Date.now() + Math.min(delayMs, err.retryAfterMs));
      }
      options.onRetry?.({ attempt, delayMs, error: err });
      await sleep(delayMs, signal);
    }
  }
}
