/**
 * The reference data-construction prompt texts of V1 (“Fostering Video Reasoning via Next-Event Prediction”), kept as
 * data. Each entry is the exact text the reference function returns, with its arguments replaced by `{{name}}`
 * placeholders; `renderPrompt` fills them in a single pass.
 *
 * Source: `assets/data_prompts.py` in https://github.com/sail-sg/Video-Next-Event-Prediction at commit
 * fb9b315e77a5b7bb0094420f4f406e280cf84ded (file last changed in 7250875d8f90792168ce6ae56f3bc7966a49cccc), identical
 * to `src/data_prompts.py` in haonan3/V1. Licence: MIT, Copyright (c) 2025 Sea AI Lab. The permission notice is
 * reproduced in this package's README.
 */
export const REFERENCE_PROMPTS = {
  /** Stage 2a, `event_identification_prompt(video_caption)`. Placeholders: `video_caption`. */
  eventIdentification:
    'Event Identification\n\nBelow is the video caption:\n\'{{video_caption}}\'\n\nTask:\n1. Identify and list the events (scenes) in the video in sequential order (e.g., Scene 1, Scene 2, etc.).\n2. For each scene, provide a description.\n\nPlease return your answer in a valid JSON format exactly as follows (with no extra text):\n\n{\n  "events": [\n    {"scene": "Scene 1", "description": "Brief description of scene 1"},\n    {"scene": "Scene 2", "description": "Brief description of scene 2"},\n    ...\n  ]\n}',
  /** Stage 2b, `casual_analysis_prompt(video_caption, event_identification_result)` (sic). Placeholders: `events_json` (Python `json.dumps(result, indent=2)`), `video_caption`. */
  causalAnalysis:
    'Causal Analysis and Splitting Suitability\n\nBelow are the extracted events from the video:\n{{events_json}}\n\nOriginal video caption:\n\'{{video_caption}}\'\n\nTask:\n1. Analyze the causal relationships among these events.\n2. Determine whether the video is suitable to be split into two parts for causal inference (i.e., given the first part, can we predict what happens in the second part?).\n3. If it is suitable, specify the optimal split point (for example, \'between Scene A and Scene B\').\n\nPlease provide your answer in a valid JSON format exactly as follows (with no extra text):\n\n{\n  "suitable": "yes" or "no",\n  "optimal_split_point": "between Scene X and Scene Y",\n  "reasoning": "Detailed explanation of the causal relationships and the split decision."\n}',
  /** Stage 3a, `caption_split_prompt(video_caption, event_identification_result, casual_analysis_result)`. Placeholders: `events_json`, `optimal_split_point`, `video_caption`. */
  captionSplit:
    "Caption Splitting\nUsing the identified events and the optimal split point, split the original video caption into two parts.\nThe optimal split point is given in the format 'between Scene X and Scene Y'. This means that all scenes up to and including Scene X should be included in the first part ('caption_part1'), and all scenes from Scene Y onward should be included in the second part ('caption_part2').\nThe identified events:\n'{{events_json}}'\n\n and the optimal split point:\n'{{optimal_split_point}}'\n\nOriginal video caption:\n\n'{{video_caption}}'\n\nReturn your answer in a valid JSON format exactly as follows (no extra text):\n\n{\n  \"caption_part1\": \"Text for first part\",\n  \"caption_part2\": \"Text for second part\"\n}",
  /** Stage 4a, `ds_reasoning_prompt(video_caption, caption_part1)`; the reference ignores `video_caption`. Placeholders: `caption_part1`. */
  reasoning:
    "Chain-of-Thought Reasoning & Future Prediction for Video\n\nYou have advanced visual perception abilities and can analyze videos as if you are watching them in real time. You will be provided with a detailed description of a video (caption). Interpret this description as if it represents your actual dynamic visual experience rather than just text.\n\nBased on the scene, analyze and predict future events. Provide concise, natural, and confident prediction about the video's future events. Speak as if you are directly observing the events, avoiding any reference to reading text or captions. If details are ambiguous, express natural uncertainty (e.g., 'It appears that…').\n\nCaption:\n\n'{{caption_part1}}'\n\n",
  /** Stage 4b, first prompt of `output_rewrite_prompt(reasoning_content, prediction_content)`. Placeholders: `reasoning_content`. */
  rewriteReasoning:
    "You will receive a snippet of text that references a “description” or “caption” of a video. Your task is to produce a **nearly identical** version of that text with **minimal** changes, focusing on the following:\n\n1. **Replace references to “description” or “caption”** with wording that references **“the video.”**\n   - For example, “The description says...” could become “The video shows...”\n   - “The caption suggests...” could become “The video suggests...”\n   - Make sure the replacement sounds natural but does **not** otherwise change the meaning.\n\n2. **Preserve all line breaks, punctuation, and spacing** as much as possible, and make **no additional edits** outside of these replacements.\n\n3. You should only output the rewritten content.\n\nHere is the input:\n'{{reasoning_content}}'\n",
  /** Stage 4b, second prompt of `output_rewrite_prompt(reasoning_content, prediction_content)`. Placeholders: `prediction_content`. */
  rewritePrediction:
    "You will receive a snippet of text that references a “description” or “caption” of a video. Your task is to produce a **nearly identical** version of that text with **minimal** changes, focusing on the following:\n\n1. **Replace references to “description” or “caption”** with wording that references **“the video.”**\n   - For example, “The description says...” could become “The video shows...”\n   - “The caption suggests...” could become “The video suggests...”\n   - Make sure the replacement sounds natural but does **not** otherwise change the meaning.\n\nHere is the input:\n'{{prediction_content}}'\n",
  /** Stage 4c, `critique_prompt(caption_part2, prediction_content, reasoning_content)`. Placeholders: `caption_part2`, `prediction_content`, `reasoning_content`. */
  critique:
    'Future Prediction Verification\n\nTask:\nReview the caption of the second part of a video as the ground truth and evaluate whether the future prediction (derived from the first part of the video) aligns with the actual events.\n\nWhat actually happened in the second part of the video:\n\n\'{{caption_part2}}\'\n\nPrediction (derived from the first part of the video):\n\n{{prediction_content}}\n\nReasoning behind the prediction:\n\n{{reasoning_content}}\n\nInstructions:\n1. Analyze the prediction and the reasoning provided, considering how well they align with the ground truth.\n2. Note that accurately predicting future events is inherently challenging; therefore, allow for minor discrepancies and avoid overly strict judgments.\n3. Think step by step and provide a critique of the prediction and its underlying reasoning.\n4. Conclude your analysis by stating either "Conclusion: right" if the prediction aligns well overall, or "Conclusion: wrong" if it does not.\nOutput:\nReturn your analysis in a valid JSON format exactly as shown below (do not include any extra text):\n\n{\n  "Critique": "Your critique of the prediction and its underlying reasoning",\n  "Conclusion": "right/wrong"\n}',
} as const;

/** Names of the reference prompt templates. */
export type ReferencePromptName = keyof typeof REFERENCE_PROMPTS;

/** Where the texts in {@link REFERENCE_PROMPTS} come from. */
export const REFERENCE_PROMPTS_SOURCE = {
  repository: 'https://github.com/sail-sg/Video-Next-Event-Prediction',
  path: 'assets/data_prompts.py',
  commit: 'fb9b315e77a5b7bb0094420f4f406e280cf84ded',
  license: 'MIT',
  copyright: 'Copyright (c) 2025 Sea AI Lab',
} as const;
