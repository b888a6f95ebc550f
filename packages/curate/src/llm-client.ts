/** One part of a multimodal user message, in the OpenAI chat-completions shape (vLLM and SGLang add `video_url`). */
export type ChatContentPart =
  | { type: 'text'; text: string }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } };

/** A chat message. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | readonly ChatContentPart[];
}

/** What a stage asks of the model. */
export interface ChatRequest {
  messages: readonly ChatMessage[];
  /** Ask for a JSON object (`response_format: {type: "json_object"}`) where the server supports it. Default: false. */
  json?: boolean;
  /** Upper bound on generated tokens. Default: the server's. */
  maxTokens?: number;
  /** Sampling temperature. Default: the client's default. */
  temperature?: number;
  /** Extra top-level request fields, e.g. vLLM's `media_io_kwargs`. */
  extraBody?: Readonly<Record<string, unknown>>;
  /** Cancels the request. */
  signal?: AbortSignal;
}

/** Token counts reported by the server (0 when it reports none). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
}

/** The first choice of a chat completion. */
export interface ChatResponse {
  /** `message.content` (empty string when null). */
  content: string;
  /** The reasoning channel: `message.reasoning`, else `message.reasoning_content` (DeepSeek API, older vLLM). */
  reasoning?: string;
  /** `message.refusal`, set when the model declined (OpenAI structured refusals). */
  refusal?: string;
  /** `finish_reason`: `stop`, `length` (cut off by the token limit), `content_filter`, … */
  finishReason: string | null;
  usage: TokenUsage;
}

/**
 * The one thing every stage needs from a model: an OpenAI-compatible chat completion. {@link createOpenAiClient} is
 * the HTTP implementation; tests and other runtimes (a local WebGPU model) can implement it directly.
 */
export interface LlmClient {
  /** The model name, recorded in cache keys and the report. */
  readonly model: string;
  chat(request: ChatRequest): Promise<ChatResponse>;
}

/** Adds token counts. */
export function addUsage(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    promptTokens: a.promptTokens + b.promptTokens,
    completionTokens: a.completionTokens + b.completionTokens,
  };
}

/** Zero tokens. */
export const NO_USAGE: TokenUsage = Object.freeze({ promptTokens: 0, completionTokens: 0 });
