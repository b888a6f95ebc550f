import { AttemptError, callModel, checkAnswer, type StageResult } from '../call-model.js';
import { addUsage, NO_USAGE, type ChatResponse, type LlmClient } from '../llm-client.js';
import { rewritePrompts } from '../prompts.js';
import { stripThink, userText, type StageOptions } from './common.js';
import type { NextEventPrediction } from './reasoning.js';

/** Stage 4b result: the reasoning and prediction with "caption"/"description" turned into "the video". */
export interface RewrittenPrediction {
  rewritten_reasoning_content: string;
  rewritten_prediction_content: string;
}

function rewritten(original: string) {
  return (res: ChatResponse): { value: string; repairs: [] } => {
    checkAnswer(res);
    if (res.finishReason === 'length') {
      throw new AttemptError('truncated', 'rewrite cut off by the token limit', res.content);
    }
    let text = stripThink(res.content).trim();
    // The prompt quotes the input in '…'; models sometimes echo the quotes.
    if (text.length >= 2 && text.startsWith("'") && text.endsWith("'") && !original.trim().startsWith("'")) {
      text = text.slice(1, -1);
    }
    if (text === '') {
      throw new AttemptError('empty', 'empty rewrite', res.content);
    }
    return { value: text, repairs: [] };
  };
}

/**
 * Stage 4b: two free-text requests (reference `output_rewrite_prompt`) that rewrite the reasoning and the prediction
 * so they speak of "the video" instead of a caption. An empty reasoning is kept empty without a request.
 *
 * @throws StageError when either rewrite failed on every attempt.
 */
export async function rewritePrediction(
  llm: LlmClient,
  input: NextEventPrediction,
  options: StageOptions = {},
): Promise<StageResult<RewrittenPrediction>> {
  const [reasoningPrompt, predictionPrompt] = rewritePrompts(
    input.reasoning_content,
    input.prediction_content,
    options.prompts,
  );
  // An empty reasoning (a reasoner without a reasoning channel, see allowMissingReasoning) has nothing to rewrite.
  const r =
    input.reasoning_content.trim() === ''
      ? { value: '', usage: NO_USAGE, attempts: 0 }
      : await callModel(
          llm,
          {
            stage: 'rewrite',
            messages: userText(reasoningPrompt),
            json: false,
            parse: rewritten(input.reasoning_content),
          },
          options,
        );
  const p = await callModel(
    llm,
    {
      stage: 'rewrite',
      messages: userText(predictionPrompt),
      json: false,
      parse: rewritten(input.prediction_content),
    },
    options,
  );
  return {
    value: { rewritten_reasoning_content: r.value, rewritten_prediction_content: p.value },
    usage: addUsage(r.usage, p.usage),
    attempts: r.attempts + p.attempts,
    repairs: [],
  };
}
