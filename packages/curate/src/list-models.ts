import { z } from 'zod';
import { LlmHttpError, LlmResponseError } from './errors.js';

const modelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * The model ids a server serves (`GET <baseUrl>/models`), in the server's order: vLLM and SGLang list the one
 * model they were started with first.
 *
 * @throws LlmHttpError | LlmResponseError when the server does not answer with a model list.
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
  const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000);
  const res = await (options.fetch ?? globalThis.fetch)(url, {
    headers: options.apiKey ? { authorization: `Bearer ${options.apiKey}` } : {},
    signal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
  });
  const text = await res.text();
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
