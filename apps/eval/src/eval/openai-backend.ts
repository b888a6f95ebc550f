/**
 * The `openai` backend: frames sampled and JPEG-encoded on the client, sent to any OpenAI-compatible
 * chat-completions server as one vLLM video part or as image parts.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { EvalBackend, PredictInput, Prediction } from './backend.js';
import { MediaDecodeError } from './errors.js';
import { createChatCompletion, createRateGate, type ClientOptions } from './openai-client.js';
import {
  buildChatRequest,
  type EncodedImage,
  type EncodedVideo,
  type FramesAs,
  type GenerationSettings,
} from './request-builder.js';
import type { RetryPolicy } from './retry.js';
import type { Semaphore } from './semaphore.js';

/** Turns a video file into sampled, encoded frames (see `frames.ts`). */
export type VideoPreparer = (path: string, signal: AbortSignal) => Promise<EncodedVideo>;

/** Options of {@link createOpenAIBackend}. */
export interface OpenAIBackendOptions {
  baseUrl: string;
  model: string;
  /** The key's value (read from the env by the caller); never logged or written. */
  apiKey?: string;
  /** Name of the env var that held the key, recorded instead of the key. */
  apiKeyEnv?: string;
  framesAs: FramesAs;
  generation: GenerationSettings;
  timeoutMs: number;
  retry: RetryPolicy;
  prepareVideo: VideoPreparer;
  /** Bounds concurrent frame decoding (CPU-bound) independently of request concurrency. */
  decodeSlots: Semaphore;
  systemPrompt?: string | null;
  extraBody?: Record<string, unknown>;
}

const IMAGE_MIME: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.gif': 'image/gif',
  '.bmp': 'image/bmp',
};

/** `url` without user:password (a URL may embed credentials; they are never written). */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return url;
  }
}

/** Runs the preparer; a media failure (not an abort) becomes a per-sample {@link MediaDecodeError}. */
async function decodeOrFail(
  path: string,
  signal: AbortSignal,
  prepare: VideoPreparer,
): Promise<EncodedVideo> {
  try {
    return await prepare(path, signal);
  } catch (err) {
    if (signal.aborted) {
      throw err;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    throw new MediaDecodeError(
      `cannot sample frames of ${path}: ${e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}`,
      {
        cause: err,
      },
    );
  }
}

/** Creates the backend. */
export function createOpenAIBackend(options: OpenAIBackendOptions): EvalBackend {
  const client: ClientOptions = {
    baseUrl: options.baseUrl,
    timeoutMs: options.timeoutMs,
    retry: options.retry,
    gate: createRateGate(),
    ...(options.apiKey ? { apiKey: options.apiKey } : {}),
  };
  return {
    name: 'openai',
    modelName: options.model,
    modelArgs: `model=${options.model},base_url=${redactUrl(options.baseUrl)}`,
    // The server may move (new port, new host) between resumes; the model may not.
    fingerprint: { model: options.model },
    async predict(input: PredictInput, signal: AbortSignal): Promise<Prediction> {
      let video: EncodedVideo | undefined;
      let image: EncodedImage | undefined;
      const videoPath = input.media.video;
      if (videoPath !== undefined) {
        video = await options.decodeSlots.use(() => decodeOrFail(videoPath, signal, options.prepareVideo));
      }
      if (input.media.image !== undefined) {
        const ext = extname(input.media.image).toLowerCase();
        image = {
          bytes: await readFile(input.media.image),
          mime: IMAGE_MIME[ext] ?? 'application/octet-stream',
        };
      }
      const body = buildChatRequest({
        model: options.model,
        prompt: input.prompt,
        framesAs: options.framesAs,
        generation: options.generation,
        ...(video ? { video } : {}),
        ...(image ? { image } : {}),
        ...(options.systemPrompt === undefined ? {} : { systemPrompt: options.systemPrompt }),
        ...(options.extraBody ? { extraBody: options.extraBody } : {}),
      });
      const { completion, attempts } = await createChatCompletion(
        body,
        {
          ...client,
          onRetry: ({ attempt, delayMs, error }) =>
            input.onRetry?.({ attempt, delayMs, message: error.message }),
        },
        signal,
      );
      const pred: Prediction = { response: completion.content, attempts };
      if (completion.reasoning !== undefined) {
        pred.reasoning = completion.reasoning;
      }
      if (completion.finishReason !== undefined) {
        pred.finishReason = completion.finishReason;
      }
      if (completion.usage?.promptTokens !== undefined) {
        pred.promptTokens = completion.usage.promptTokens;
      }
      if (completion.usage?.completionTokens !== undefined) {
        pred.completionTokens = completion.usage.completionTokens;
      }
      return pred;
    },
  };
}
