import { Template } from '@huggingface/jinja';

/**
 * The Qwen2-VL / Qwen2.5-VL chat template (as shipped in the released checkpoints' chat_template.json): a default
 * system turn, `<|im_start|>role\n…<|im_end|>\n` turns, and `<|vision_start|><|video_pad|><|vision_end|>` (or
 * `<|image_pad|>`) for media parts, optionally prefixed "Video N: " / "Picture N: " with `add_vision_id`.
 */
export const QWEN2_VL_CHAT_TEMPLATE =
  "{% set image_count = namespace(value=0) %}{% set video_count = namespace(value=0) %}{% for message in messages %}{% if loop.first and message['role'] != 'system' %}<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n{% endif %}<|im_start|>{{ message['role'] }}\n{% if message['content'] is string %}{{ message['content'] }}<|im_end|>\n{% else %}{% for content in message['content'] %}{% if content['type'] == 'image' or 'image' in content or 'image_url' in content %}{% set image_count.value = image_count.value + 1 %}{% if add_vision_id %}Picture {{ image_count.value }}: {% endif %}<|vision_start|><|image_pad|><|vision_end|>{% elif content['type'] == 'video' or 'video' in content %}{% set video_count.value = video_count.value + 1 %}{% if add_vision_id %}Video {{ video_count.value }}: {% endif %}<|vision_start|><|video_pad|><|vision_end|>{% elif 'text' in content %}{{ content['text'] }}{% endif %}{% endfor %}<|im_end|>\n{% endif %}{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

/** A content part of a chat message. Media parts carry their pixels; the template only needs their type. */
export type ChatContentPart =
  { type: 'text'; text: string } | { type: 'video'; video: unknown } | { type: 'image'; image: unknown };

/** One chat turn. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string | readonly ChatContentPart[];
}

/** Options of {@link applyChatTemplate}. */
export interface ChatTemplateOptions {
  /** Jinja source. Default: the checkpoint's template, else {@link QWEN2_VL_CHAT_TEMPLATE}. */
  template?: string;
  /** Append `<|im_start|>assistant\n`. Default: true. */
  addGenerationPrompt?: boolean;
  /** Prefix media with "Picture N: " / "Video N: ". Default: false. */
  addVisionId?: boolean;
}

const compiled = new Map<string, Template>();

/** Renders chat messages to the prompt string (media parts become one placeholder each, expanded later). */
export function applyChatTemplate(
  messages: readonly ChatMessage[],
  options: ChatTemplateOptions = {},
): string {
  const src = options.template ?? QWEN2_VL_CHAT_TEMPLATE;
  let tpl = compiled.get(src);
  if (!tpl) {
    tpl = new Template(src);
    compiled.set(src, tpl);
  }
  // The template tests `'video' in content`; pass plain objects without the (large) pixel payloads.
  const plain = messages.map((m) => ({
    role: m.role,
    content:
      typeof m.content === 'string'
        ? m.content
        : m.content.map((part) =>
            part.type === 'text' ? { type: 'text', text: part.text } : { type: part.type, [part.type]: true },
          ),
  }));
  return tpl.render({
    messages: plain,
    add_generation_prompt: options.addGenerationPrompt ?? true,
    add_vision_id: options.addVisionId ?? false,
  });
}
