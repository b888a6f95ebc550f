import { z } from 'zod';
import { LlmHttpError, LlmNetworkError, LlmResponseError, LlmTimeoutError } from './errors.js';

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * The model ids a server serves (`GET <baseUrl>/models`), in the server's order: vLLM and SGLang list the one
 * model they were started with first.
 *
 * @throws LlmNetworkError when the server cannot be reached (naming the URL and the cause); LlmTimeoutError;
 * LlmHttpError | LlmResponseError when the server does not answer with a model list. An abort of
 * `options.signal` rejects with its reason.
 */
export async function listModels(
  baseUrl: string,
  options: {
    apiKey?: string;
    fetch?: typeof globalThis.fetch;
    signal?: AbortSignal;
    timeoutMs?: number;
  } = {},
): Promise<string[]> {
  const url = `${baseUrl.replace(/\/+$/, '').replace(/\/chat\/completions$/, '')}/models`;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const timeout = AbortSignal.timeout(timeoutMs);
  let res: Response;
  let text: string;
  try {
    res = await (options.fetch ?? globalThis.fetch)(url, {
      headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
      signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
    });
    text = await res.text();
  } catch (err) {
    if (options.signal?.aborted) {
      throw options.signal.reason;
    }
    if (timeout.aborted) {
      throw new LlmTimeoutError(url, timeoutMs);
    }
    throw new LlmNetworkError(url, err);
  }
  if (!res.ok) {
    throw new LlmHttpError(url, res.status, text);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new LlmResponseError(url, 'model list is not JSON', text);
  }
  const r = modelsSchema.safeParse(json);
  if (!r.success) {
    throw new LlmResponseError(url, 'not an OpenAI model list ({"data": [{"id": …}]})', text);
  }
  return r.data.data.map((m) => m.id);
}
