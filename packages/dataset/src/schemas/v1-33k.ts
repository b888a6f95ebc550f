import { z } from 'zod';

/** One `{from, value}` turn of LLaVA-Video-style `mc_qa` / `oe_qa` lists (question, answer, question, …). */
export const llavaQaTurnSchema = z.looseObject({
  from: z.string().optional(),
  value: z.string(),
});

/** The multiple-choice item of a record (`qa`), also what EasyR1 v1 GRPO reads. */
export const multipleChoiceQaSchema = z.looseObject({
  Question: z.string(),
  Options: z.record(z.string(), z.string()),
  Answer: z.string(),
});

/**
 * One record of V1-33K `next_event_prediction.json`, with the fields `video_data_generation.py` reads
 * (interop.md §1.5; the shared datagen README's input schema). Unknown fields are kept. Optional here means
 * the reference copes without it: `o3_critique` (CFT skips the record), `mc_qa`/`oe_qa`, `caption_part1`
 * (only needed when the second-part clip exists) and `qa` (only for RL data).
 */
export const nextEventRecordSchema = z.looseObject({
  /** `<top>/<rest>`: the first component is dropped and the rest joined onto `first_part_video/`. */
  video_path: z.string(),
  full_video_path: z.string(),
  caption: z.string(),
  events: z.array(z.looseObject({ scene: z.string(), description: z.string() })),
  video_split: z.looseObject({
    suitable: z.string().optional(),
    optimal_split_point: z.string().optional(),
    reasoning: z.string().optional(),
    /** Only the first key of the first object is read, e.g. `{"Scene 2": …}`. */
    scenes_timestep: z.array(z.record(z.string(), z.unknown())).min(1),
    split_caption: z.looseObject({
      caption_part1: z.string().optional(),
      caption_part2: z.string(),
    }),
  }),
  ds_reasoning: z.looseObject({
    reasoning_content: z.string().optional(),
    prediction_content: z.string().optional(),
    rewritten_reasoning_content: z.string(),
    rewritten_prediction_content: z.string(),
  }),
  o3_critique: z.looseObject({ Critique: z.string(), Conclusion: z.string() }).optional(),
  mc_qa: z.array(llavaQaTurnSchema).optional(),
  oe_qa: z.array(llavaQaTurnSchema).optional(),
  qa: multipleChoiceQaSchema.optional(),
});

/** A validated V1-33K `next_event_prediction.json` record. */
export type NextEventRecord = z.output<typeof nextEventRecordSchema>;
