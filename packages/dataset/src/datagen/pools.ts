import pools from './question-pools.json' with { type: 'json' };

/**
 * The question pools and system prompts of the reference `video_data_generation.py`, verbatim (with its
 * quirks), loaded from `question-pools.json` (source and licence noted in the file).
 */
export const QUESTION_POOLS: {
  /** `convert_to_sft` / `convert_to_distill` pool: 25 entries, the first two joined by a missing comma. */
  readonly nextEvent: readonly string[];
  /** `convert_to_CFT` pool: 26 entries, each starting with `Question:\n`. */
  readonly nextEventCft: readonly string[];
  /** `convert_to_prev_sft` pool: 27 "what happened before" questions. */
  readonly previousEvent: readonly string[];
  /** `full_video_caption` pool: 5 entries (one listed twice). */
  readonly fullVideoCaption: readonly string[];
  /** `full_video_what_happens_next` templates with a `{split_scene_description}` slot. */
  readonly whatHappensNext: readonly string[];
  /** System prompt of the distill set. */
  readonly distillSystemPrompt: string;
  /** System prompt of the CFT set. */
  readonly cftSystemPrompt: string;
} = pools;

/** The slot in {@link QUESTION_POOLS}.whatHappensNext templates. */
export const SCENE_DESCRIPTION_SLOT = '{split_scene_description}';
