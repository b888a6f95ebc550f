/** The model server answered with a non-2xx HTTP status. */
export class LlmHttpError extends Error {
  override name = 'LlmHttpError';
  readonly status: number;
  readonly url: string;
  /** The response body (at most 4000 characters). */
  readonly body: string;
  constructor(url: string, status: number, body: string) {
    super(`${url} answered HTTP ${status}: ${body.slice(0, 300)}`);
    this.url = url;
    this.status = status;
    this.body = body.slice(0, 4000);
  }
  /** 408, 409, 429 and 5xx are worth retrying; other 4xx mean the request itself is wrong. */
  get retryable(): boolean {
    return this.status === 408 || this.status === 409 || this.status === 429 || this.status >= 500;
  }
}

/** No complete answer within the client's timeout. */
export class LlmTimeoutError extends Error {
  override name = 'LlmTimeoutError';
  readonly url: string;
  readonly timeoutMs: number;
  constructor(url: string, timeoutMs: number) {
    super(`${url} did not answer within ${timeoutMs} ms`);
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}

/** The server answered 2xx with a body that is not a chat completion (no JSON, no `choices[0].message`). */
export class LlmResponseError extends Error {
  override name = 'LlmResponseError';
  readonly url: string;
  readonly body: string;
  constructor(url: string, message: string, body: string) {
    super(`${url}: ${message}`);
    this.url = url;
    this.body = body.slice(0, 4000);
  }
}

/** The request could not be sent or its answer not read (connection refused, unknown host, reset, …). */
export class LlmNetworkError extends Error {
  override name = 'LlmNetworkError';
  readonly url: string;
  constructor(url: string, cause: unknown) {
    const c = cause instanceof Error ? cause : new Error(String(cause));
    // undici's `fetch failed` hides the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`.
    const inner = c.cause instanceof Error ? c.cause : undefined;
    const code = (inner as NodeJS.ErrnoException | undefined)?.code;
    const why = inner
      ? `${inner.message}${code && !inner.message.includes(code) ? ` (${code})` : ''}`
      : c.message;
    super(`cannot reach ${url}: ${why}`, { cause });
    this.url = url;
  }
}
