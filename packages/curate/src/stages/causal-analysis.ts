import { callModel, parseJsonAnswer, type StageResult } from '../call-model.js';
import type { LlmClient } from '../llm-client.js';
import { causalAnalysisPrompt } from '../prompts.js';
import { causalAnswerSchema, type CausalAnalysis, type SceneEvent } from '../schemas.js';
import { userText, type StageOptions } from './common.js';

/**
 * Stage 2b, causal analysis and split suitability (reference prompt `casual_analysis_prompt`, JSON mode). A `no`
 * is a valid result (the video is then dropped as unsuitable); a `yes` must name two of the events.
 *
 * @throws StageError when every attempt failed.
 */
export async function analyzeCausality(
  llm: LlmClient,
  input: { caption: string; events: readonly SceneEvent[] },
  options: StageOptions = {},
): Promise<StageResult<CausalAnalysis>> {
  const schema = causalAnswerSchema(input.events.length);
  return callModel(
    llm,
    {
      stage: 'causal',
      messages: userText(causalAnalysisPrompt(input.caption, input.events, options.prompts)),
      json: true,
      parse: (res) => parseJsonAnswer(res, schema),
    },
    options,
  );
}
