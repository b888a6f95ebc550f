import { z } from 'zod';
import { SAMPLING_STRATEGY_PATTERN } from '../easyr1/sampling.js';
import { multipleChoiceQaSchema } from './v1-33k.js';

/**
 * One EasyR1 v1 GRPO record as the mirror's `dataset_video_v1.py` reads it (interop.md §2.2):
 * `{video_path, qa: {Question, Options, Answer}}`. `Answer` must name one of the options (the v1 reward
 * compares letters).
 */
export const easyR1V1RecordSchema = z
  .looseObject({
    video_path: z.string(),
    qa: multipleChoiceQaSchema,
  })
  .superRefine((r, ctx) => {
    if (Object.keys(r.qa.Options).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['qa', 'Options'], message: 'must list at least one option' });
    } else if (!Object.hasOwn(r.qa.Options, r.qa.Answer)) {
      ctx.addIssue({
        code: 'custom',
        path: ['qa', 'Answer'],
        message: 'must be one of the keys of qa.Options',
      });
    }
  });

/** A validated EasyR1 v1 record. */
export type EasyR1V1Record = z.output<typeof easyR1V1RecordSchema>;

/**
 * One `datasets[]` item of the EasyR1 v1 data-config YAML: a `.json` (array) or `.jsonl` file and a sampling
 * strategy (`all`, `first:N`, `end:N`, `random:N`, or `P%` instead of `N`; default `all`).
 */
export const easyR1DatasetSourceSchema = z.object({
  json_path: z.string().regex(/\.jsonl?$/, 'must end in .json or .jsonl (the loader rejects other files)'),
  sampling_strategy: z
    .string()
    .regex(SAMPLING_STRATEGY_PATTERN, 'must be all, first:N, end:N or random:N (N or P%)')
    .optional(),
});

/** The EasyR1 v1 data-config YAML (`data.train_files=<this>.yaml`): `{datasets: [...]}`. */
export const easyR1DataConfigSchema = z.object({
  datasets: z.array(easyR1DatasetSourceSchema).min(1),
});

/** A validated EasyR1 v1 data config. */
export type EasyR1DataConfig = z.output<typeof easyR1DataConfigSchema>;
