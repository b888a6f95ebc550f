import { AttemptError, callModel, checkAnswer, type StageResult } from '../call-model.js';
import type { ChatContentPart, LlmClient } from '../llm-client.js';
import { factTranslationPrompt } from '../prompts.js';
import { stripThink, userVideo, type StageOptions } from './common.js';

/** Input of {@link translateFacts}. */
export interface FactTranslationInput {
  /** The whole video as content parts, e.g. from `videoDataUrlPart`. */
  video: readonly ChatContentPart[];
  /** Extra request fields for the VLM server, e.g. `{media_io_kwargs: {video: {num_frames: 32}}}`. */
  extraBody?: Readonly<Record<string, unknown>>;
}

/**
 * Stage 1, fact translation: a VLM writes a detailed caption of the whole video. An answer cut off by the token limit
 * is rejected (a truncated caption would end the dataset's ground truth mid-sentence).
 *
 * @throws StageError when every attempt failed.
 */
export async function translateFacts(
  vlm: LlmClient,
  input: FactTranslationInput,
  options: StageOptions = {},
): Promise<StageResult<string>> {
  return callModel(
    vlm,
    {
      stage: 'caption',
      messages: userVideo(input.video, factTranslationPrompt(options.prompts)),
      json: false,
      ...(input.extraBody ? { extraBody: input.extraBody } : {}),
      parse(res) {
        checkAnswer(res);
        if (res.finishReason === 'length') {
          throw new AttemptError('truncated', 'caption cut off by the token limit', res.content);
        }
        const caption = stripThink(res.content).trim();
        if (caption === '') {
          throw new AttemptError('empty', 'empty caption', res.content);
        }
        return { value: caption, repairs: [] };
      },
    },
    options,
  );
}
