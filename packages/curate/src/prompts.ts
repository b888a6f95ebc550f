import { CURATE_PROMPTS } from './curate-prompts.js';
import { pythonJsonDumps } from './python-json.js';
import { REFERENCE_PROMPTS } from './reference-prompts.js';
import { renderPrompt } from './render-prompt.js';
import type { SceneEvent, SplitPoint } from './schemas.js';
import { formatTimestamp } from './timestamp.js';

/** Prompt text overrides; each replaces the template of the same name (same placeholders). */
export type PromptOverrides = Partial<
  Record<keyof typeof REFERENCE_PROMPTS | keyof typeof CURATE_PROMPTS, string>
>;

function template<K extends keyof typeof REFERENCE_PROMPTS | keyof typeof CURATE_PROMPTS>(
  name: K,
  overrides: PromptOverrides | undefined,
): string {
  const own = overrides?.[name];
  if (own !== undefined) {
    return own;
  }
  return name in REFERENCE_PROMPTS
    ? REFERENCE_PROMPTS[name as keyof typeof REFERENCE_PROMPTS]
    : CURATE_PROMPTS[name as keyof typeof CURATE_PROMPTS];
}

/** `event_identification_prompt(video_caption)`, byte-identical to the reference. */
export function eventIdentificationPrompt(caption: string, overrides?: PromptOverrides): string {
  return renderPrompt(template('eventIdentification', overrides), { video_caption: caption });
}

/** `casual_analysis_prompt(video_caption, {"events": events})`, byte-identical to the reference. */
export function causalAnalysisPrompt(
  caption: string,
  events: readonly SceneEvent[],
  overrides?: PromptOverrides,
): string {
  return renderPrompt(template('causalAnalysis', overrides), {
    video_caption: caption,
    events_json: pythonJsonDumps({ events }),
  });
}

/** `caption_split_prompt(video_caption, {"events": events}, {"optimal_split_point": point})`, byte-identical. */
export function captionSplitPrompt(
  caption: string,
  events: readonly SceneEvent[],
  optimalSplitPoint: string,
  overrides?: PromptOverrides,
): string {
  return renderPrompt(template('captionSplit', overrides), {
    video_caption: caption,
    events_json: pythonJsonDumps({ events }),
    optimal_split_point: optimalSplitPoint,
  });
}

/** `ds_reasoning_prompt(video_caption, caption_part1)` (the reference embeds only `caption_part1`). */
export function reasoningPrompt(captionPart1: string, overrides?: PromptOverrides): string {
  return renderPrompt(template('reasoning', overrides), { caption_part1: captionPart1 });
}

/** `output_rewrite_prompt(reasoning_content, prediction_content)`: the reasoning and the prediction prompt. */
export function rewritePrompts(
  reasoningContent: string,
  predictionContent: string,
  overrides?: PromptOverrides,
): [reasoning: string, prediction: string] {
  return [
    renderPrompt(template('rewriteReasoning', overrides), { reasoning_content: reasoningContent }),
    renderPrompt(template('rewritePrediction', overrides), { prediction_content: predictionContent }),
  ];
}

/** `critique_prompt(caption_part2, prediction_content, reasoning_content)`, byte-identical to the reference. */
export function critiquePrompt(
  captionPart2: string,
  predictionContent: string,
  reasoningContent: string,
  overrides?: PromptOverrides,
): string {
  return renderPrompt(template('critique', overrides), {
    caption_part2: captionPart2,
    prediction_content: predictionContent,
    reasoning_content: reasoningContent,
  });
}

/** Stage 1 prompt (this package's wording, see {@link CURATE_PROMPTS}). */
export function factTranslationPrompt(overrides?: PromptOverrides): string {
  return renderPrompt(template('factTranslation', overrides), {});
}

/** Stage 3b prompt: asks for the MM:SS.ss timestamp between the two scenes of `split`. */
export function splitGroundingPrompt(
  events: readonly SceneEvent[],
  split: SplitPoint,
  durationSec: number,
  overrides?: PromptOverrides,
): string {
  const x = events[split.past - 1];
  const y = events[split.future - 1];
  if (!x || !y) {
    throw new TypeError(
      `splitGroundingPrompt: split ${split.past}/${split.future} is outside ${events.length} scenes`,
    );
  }
  return renderPrompt(template('splitGrounding', overrides), {
    events_json: pythonJsonDumps({ events }),
    scene_x: x.scene,
    scene_y: y.scene,
    description_x: x.description,
    description_y: y.description,
    duration: formatTimestamp(durationSec),
  });
}
