/**
 * Prompts for the two steps whose text the reference does not publish: fact translation (the paper's stage 1, a VLM
 * captioning the whole video) and split-point grounding (stage 3b, Qwen2.5-VL-72B asked for the timestamp of the
 * split). These are this package's own wording; override them through the stage options.
 */
export const CURATE_PROMPTS = {
  /** Stage 1: detailed chronological caption of the whole video. No placeholders. */
  factTranslation:
    'Describe this video in detail, in chronological order. Cover every scene: the setting, the people and ' +
    'objects, what they do, and how each scene leads to the next. Write continuous prose without lists, headings ' +
    'or timestamps.',
  /**
   * Stage 3b: timestamp of the boundary between two scenes. Placeholders: `events_json`, `scene_x`, `scene_y`,
   * `description_x`, `description_y`, `duration`.
   */
  splitGrounding:
    'The video ({{duration}} long) shows these scenes in order:\n{{events_json}}\n\n' +
    'Find the split point between {{scene_x}} and {{scene_y}}: the moment when {{scene_x}} ' +
    "('{{description_x}}') ends and {{scene_y}} ('{{description_y}}') begins.\n\n" +
    'Answer with only that timestamp in the format MM:SS.ss (minutes, seconds, hundredths), for example 00:13.30.',
} as const;
