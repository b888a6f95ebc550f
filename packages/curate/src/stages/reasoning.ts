import { AttemptError, callModel, checkAnswer, type StageResult } from '../call-model.js';
import type { LlmClient } from '../llm-client.js';
import { reasoningPrompt } from '../prompts.js';
import { userText, type StageOptions } from './common.js';

/** The reasoning model's output, stored in `ds_reasoning`. */
export interface NextEventPrediction {
  /** The reasoning trace (`message.reasoning`, `reasoning_content`, or the `<think>` block of `content`). */
  reasoning_content: string;
  /** The answer (`content` without any `<think>` block). */
  prediction_content: string;
}

/** Options of {@link predictNextEvent}. */
export interface ReasoningOptions extends StageOptions {
  /** Accept a model with no reasoning channel (`reasoning_content` is then empty). Default: false. */
  allowMissingReasoning?: boolean;
}

/**
 * Stage 4a: a reasoning model (DeepSeek-R1 in the paper) sees only `caption_part1` and predicts what happens next
 * (reference prompt `ds_reasoning_prompt`, free text). Answers cut off by the token limit are retried.
 *
 * @throws StageError when every attempt failed, or at once when the model has no reasoning channel.
 */
export async function predictNextEvent(
  reasoner: LlmClient,
  input: { captionPart1: string },
  options: ReasoningOptions = {},
): Promise<StageResult<NextEventPrediction>> {
  return callModel(
    reasoner,
    {
      stage: 'reasoning',
      messages: userText(reasoningPrompt(input.captionPart1, options.prompts)),
      json: false,
      parse(res) {
        checkAnswer(res);
        if (res.finishReason === 'length') {
          throw new AttemptError('truncated', 'prediction cut off by the token limit', res.content);
        }
        let reasoning = res.reasoning?.trim() ?? '';
        let prediction = res.content.trim();
        const think = /^<think>([\s\S]*?)<\/think>/.exec(prediction);
        if (think) {
          reasoning ||= (think[1] ?? '').trim();
          prediction = prediction.slice(think[0].length).trim();
        }
        if (prediction === '') {
          throw new AttemptError('empty', 'no prediction after the reasoning', res.content);
        }
        if (reasoning === '' && !options.allowMissingReasoning) {
          throw new AttemptError(
            'schema',
            'the model returned no reasoning (no reasoning/reasoning_content field, no <think> block); use a reasoning model or set allowMissingReasoning',
            res.content,
            false,
          );
        }
        return { value: { reasoning_content: reasoning, prediction_content: prediction }, repairs: [] };
      },
    },
    options,
  );
}
