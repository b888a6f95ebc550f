import { callModel, parseJsonAnswer, type StageResult } from '../call-model.js';
import type { LlmClient } from '../llm-client.js';
import { captionSplitPrompt } from '../prompts.js';
import { splitCaptionSchema, type SceneEvent, type SplitCaption } from '../schemas.js';
import { userText, type StageOptions } from './common.js';

/**
 * Stage 3a, caption splitting: part 1 covers the scenes up to and including Scene X, part 2 those from Scene Y on
 * (reference prompt `caption_split_prompt`, JSON mode).
 *
 * @throws StageError when every attempt failed.
 */
export async function splitCaption(
  llm: LlmClient,
  input: { caption: string; events: readonly SceneEvent[]; optimalSplitPoint: string },
  options: StageOptions = {},
): Promise<StageResult<SplitCaption>> {
  return callModel(
    llm,
    {
      stage: 'captionSplit',
      messages: userText(
        captionSplitPrompt(input.caption, input.events, input.optimalSplitPoint, options.prompts),
      ),
      json: true,
      parse: (res) => parseJsonAnswer(res, splitCaptionSchema),
    },
    options,
  );
}
