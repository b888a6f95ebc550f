import { callModel, parseJsonAnswer, type StageResult } from '../call-model.js';
import type { LlmClient } from '../llm-client.js';
import { eventIdentificationPrompt } from '../prompts.js';
import { eventsAnswerSchema, type SceneEvent } from '../schemas.js';
import { userText, type StageOptions } from './common.js';

/**
 * Stage 2a, event identification: the LLM lists the caption's scenes in order (reference prompt
 * `event_identification_prompt`, JSON mode).
 *
 * @throws StageError when every attempt failed.
 */
export async function identifyEvents(
  llm: LlmClient,
  input: { caption: string },
  options: StageOptions = {},
): Promise<StageResult<SceneEvent[]>> {
  return callModel(
    llm,
    {
      stage: 'events',
      messages: userText(eventIdentificationPrompt(input.caption, options.prompts)),
      json: true,
      parse(res) {
        const { value, repairs } = parseJsonAnswer(res, eventsAnswerSchema);
        return { value: value.events, repairs };
      },
    },
    options,
  );
}
