import type { StageCallOptions } from '../call-model.js';
import type { ChatContentPart, ChatMessage } from '../llm-client.js';
import type { PromptOverrides } from '../prompts.js';

/** Options every stage function takes: retries, limits, cancellation and prompt overrides. */
export interface StageOptions extends StageCallOptions {
  /** Replacement prompt templates. */
  prompts?: PromptOverrides;
}

/** A text-only user message with no system prompt, as the reference sends its prompts. */
export function userText(text: string): ChatMessage[] {
  return [{ role: 'user', content: text }];
}

/** A user message with the video first and the text after it. */
export function userVideo(video: readonly ChatContentPart[], text: string): ChatMessage[] {
  return [{ role: 'user', content: [...video, { type: 'text', text }] }];
}

/** Removes a leading `<think>…</think>` block (reasoning models that inline their thoughts). */
export function stripThink(text: string): string {
  return text.replace(/^\s*<think>[\s\S]*?<\/think>\s*/, '');
}
