/** One message of a LLaMA-Factory sharegpt record as the reference writes it (key order: content, role). */
export interface GeneratedMessage {
  /** Usually a string; the reference copies non-string field values through unchanged. */
  content: unknown;
  role: 'system' | 'user' | 'assistant';
}

/** One record of the generated SFT files (key order: messages, videos). */
export interface GeneratedRecord {
  messages: GeneratedMessage[];
  videos: [string];
}

/** The reference's `create_entry`: `<video>` glued before the question, optional system turn first. */
export function createEntry(
  question: string,
  answer: unknown,
  videoPath: string,
  systemPrompt?: string,
): GeneratedRecord {
  const messages: GeneratedMessage[] = [];
  if (systemPrompt !== undefined) {
    messages.push({ content: systemPrompt, role: 'system' });
  }
  messages.push({ content: `<video>${question}`, role: 'user' }, { content: answer, role: 'assistant' });
  return { messages, videos: [videoPath] };
}
