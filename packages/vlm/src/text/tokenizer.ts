import { Tokenizer } from '@huggingface/tokenizers';
import { ModelFormatError } from '../errors.js';
import type { ModelFiles } from '../loading/model-files.js';

/** The pieces of a checkpoint's tokenizer this runtime uses. */
export interface TextTokenizer {
  /** Token ids of `text`, special tokens (`<|im_start|>`, `<|video_pad|>`, …) recognised, nothing added. */
  encode(text: string): number[];
  /** Text of `ids`; special tokens dropped unless `skipSpecialTokens` is false. */
  decode(ids: readonly number[], options?: { skipSpecialTokens?: boolean }): string;
  /** Id of a token string, or undefined. */
  tokenToId(token: string): number | undefined;
  /** The checkpoint's chat template, when its tokenizer_config.json / chat_template.json has one. */
  readonly chatTemplate: string | undefined;
}

// The package's .d.ts files use extensionless relative imports that NodeNext cannot resolve; describe the
// instance surface we use here instead.
interface HfTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
  decode(ids: number[], options: { skip_special_tokens: boolean }): string;
  token_to_id(token: string): number | undefined;
  id_to_token(id: number): string | undefined;
}
type HfTokenizerCtor = new (tokenizerJson: object, config: object) => HfTokenizer;

/** Wraps tokenizer.json + tokenizer_config.json objects in a {@link TextTokenizer} (`@huggingface/tokenizers`). */
export function createTokenizer(
  tokenizerJson: object,
  tokenizerConfig: object = {},
  chatTemplate?: string,
): TextTokenizer {
  const tok = new (Tokenizer as unknown as HfTokenizerCtor)(tokenizerJson, tokenizerConfig);
  const cfgTemplate = (tokenizerConfig as { chat_template?: unknown }).chat_template;
  const template = chatTemplate ?? (typeof cfgTemplate === 'string' ? cfgTemplate : undefined);
  const model = (tokenizerJson as { model?: { unk_token?: unknown } }).model;
  const unkId = typeof model?.unk_token === 'string' ? tok.token_to_id(model.unk_token) : undefined;
  return {
    encode: (text) =>
      tok.encode(text, { add_special_tokens: false }).ids.map((id: number | undefined) => {
        // Word-level vocabularies report unknown words as undefined ids; map them to the unk token.
        if (id === undefined) {
          if (unkId === undefined) {
            throw new ModelFormatError(
              `tokenizer.json cannot encode part of ${JSON.stringify(text.slice(0, 40))}.`,
            );
          }
          return unkId;
        }
        return id;
      }),
    // Ids past the tokenizer's vocabulary (the embedding table is padded, e.g. 151936 > 151669) decode to nothing.
    decode: (ids, options) =>
      tok.decode(
        ids.filter((id) => tok.id_to_token(id) !== undefined),
        { skip_special_tokens: options?.skipSpecialTokens ?? true },
      ),
    tokenToId: (t) => tok.token_to_id(t),
    chatTemplate: template,
  };
}

async function json(files: ModelFiles, name: string): Promise<object | undefined> {
  const blob = await files.get(name);
  if (!blob) {
    return undefined;
  }
  try {
    return JSON.parse(await blob.text()) as object;
  } catch (err) {
    throw new ModelFormatError(`${files.description}/${name}: invalid JSON (${String(err)}).`);
  }
}

/** Loads the checkpoint's tokenizer, or returns undefined when it has no tokenizer.json. */
export async function loadTokenizer(files: ModelFiles): Promise<TextTokenizer | undefined> {
  const tj = await json(files, 'tokenizer.json');
  if (!tj) {
    return undefined;
  }
  const tc = (await json(files, 'tokenizer_config.json')) ?? {};
  const ct = (await json(files, 'chat_template.json')) as { chat_template?: unknown } | undefined;
  // Qwen2.5-VL keeps its multimodal template in chat_template.json (newer saves: chat_template.jinja); either
  // wins over tokenizer_config's.
  const jinja = typeof ct?.chat_template === 'string' ? undefined : await files.get('chat_template.jinja');
  const template =
    typeof ct?.chat_template === 'string' ? ct.chat_template : jinja ? await jinja.text() : undefined;
  return createTokenizer(tj, tc, template);
}
