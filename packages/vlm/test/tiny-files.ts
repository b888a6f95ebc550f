import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelFiles } from '@nextevent/vlm';
import { TINY } from './helpers.js';

/**
 * The tiny fixture checkpoint plus a small word-level tokenizer whose special tokens use the fixture's ids
 * (vision_start 998, vision_end 999, image 1000, video 1001, eos 1002, pad 1003), so chat prompts work.
 */
export function tinyFilesWithTokenizer(): ModelFiles {
  const special: [string, number][] = [
    ['<|im_start|>', 995],
    ['<|vision_pad|>', 997],
    ['<|vision_start|>', 998],
    ['<|vision_end|>', 999],
    ['<|image_pad|>', 1000],
    ['<|video_pad|>', 1001],
    ['<|im_end|>', 1002],
    ['<|endoftext|>', 1003],
  ];
  const words = [
    '[UNK]',
    'system',
    'user',
    'assistant',
    'You',
    'are',
    'a',
    'helpful',
    'What',
    'will',
    'happen',
    'next',
    '?',
    '.',
  ];
  const vocab: Record<string, number> = {};
  words.forEach((w, i) => (vocab[w] = i));
  for (let i = words.length; i < 990; i++) {
    vocab[`w${i}`] = i;
  }
  for (const [t, id] of special) {
    vocab[t] = id;
  }
  const tokenizer = {
    version: '1.0',
    added_tokens: special.map(([content, id]) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: null,
    pre_tokenizer: { type: 'Whitespace' },
    post_processor: null,
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordLevel', vocab, unk_token: '[UNK]' },
  };
  const files: Record<string, string | Uint8Array<ArrayBuffer>> = {
    'config.json': new Uint8Array(readFileSync(join(TINY, 'config.json'))),
    'model.safetensors': new Uint8Array(readFileSync(join(TINY, 'model.safetensors'))),
    'tokenizer.json': JSON.stringify(tokenizer),
    'tokenizer_config.json': JSON.stringify({ tokenizer_class: 'PreTrainedTokenizerFast' }),
  };
  return {
    description: 'tiny-with-tokenizer',
    get(name) {
      const f = files[name];
      return Promise.resolve(f === undefined ? null : new Blob([f]));
    },
  };
}
