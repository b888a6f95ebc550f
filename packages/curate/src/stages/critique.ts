import { callModel, parseJsonAnswer, type StageResult } from '../call-model.js';
import type { LlmClient } from '../llm-client.js';
import { critiquePrompt } from '../prompts.js';
import { critiqueAnswerSchema, type Critique } from '../schemas.js';
import { userText, type StageOptions } from './common.js';

/** Input of {@link critiquePrediction}: the ground truth and the prediction with its reasoning. */
export interface CritiqueInput {
  captionPart2: string;
  prediction: string;
  reasoning: string;
}

/**
 * Stage 4c: the LLM judges the prediction against `caption_part2` (reference prompt `critique_prompt`, JSON mode),
 * leniently, ending in `right` or `wrong`.
 *
 * @throws StageError when every attempt failed.
 */
export async function critiquePrediction(
  llm: LlmClient,
  input: CritiqueInput,
  options: StageOptions = {},
): Promise<StageResult<Critique>> {
  return callModel(
    llm,
    {
      stage: 'critique',
      messages: userText(
        critiquePrompt(input.captionPart2, input.prediction, input.reasoning, options.prompts),
      ),
      json: true,
      parse: (res) => parseJsonAnswer(res, critiqueAnswerSchema),
    },
    options,
  );
}
