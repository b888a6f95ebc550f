import { futureBenchDocSchema } from '@nextevent/futurebench';
import { z } from 'zod';
import { easyR1DataConfigSchema, easyR1V1RecordSchema } from './easyr1.js';
import { datasetInfoSchema, sharegptRecordSchema } from './llamafactory.js';
import { nextEventRecordSchema } from './v1-33k.js';

/**
 * A FutureBench doc whose `qa.Answer` names one of its options. The reference upper-cases the answer before
 * comparing letters, so `"a"` names option `A`; an answer outside the options (`"E"` with `A`–`D`) can never be
 * scored right.
 */
const futureBenchValidationSchema = futureBenchDocSchema.superRefine((doc, ctx) => {
  const options = doc.qa.Options;
  if (!Object.hasOwn(options, doc.qa.Answer) && !Object.hasOwn(options, doc.qa.Answer.toUpperCase())) {
    ctx.addIssue({
      code: 'custom',
      path: ['qa', 'Answer'],
      message: `must be one of the keys of qa.Options (${Object.keys(options).join(', ')})`,
    });
  }
});

/**
 * The schemas by name. Record schemas validate each element of an array / JSON Lines file; document schemas
 * (`dataset-info`, `easyr1-data-config`) validate the whole file.
 */
export const DATASET_SCHEMAS = {
  /** A V1-33K `next_event_prediction.json` record. */
  'next-event': { schema: nextEventRecordSchema, kind: 'records' },
  /** A LLaMA-Factory sharegpt video record (the generated SFT files). */
  sharegpt: { schema: sharegptRecordSchema, kind: 'records' },
  /** An EasyR1 v1 GRPO record. */
  'easyr1-v1': { schema: easyR1V1RecordSchema, kind: 'records' },
  /**
   * A FutureBench doc (`futurebench.json`): the schema owned by @nextevent/futurebench, plus `qa.Answer` among
   * the option keys (case-insensitive, as the reference scores).
   */
  futurebench: { schema: futureBenchValidationSchema, kind: 'records' },
  /** A LLaMA-Factory `dataset_info.json`. */
  'dataset-info': { schema: datasetInfoSchema, kind: 'document' },
  /** An EasyR1 v1 data-config YAML. */
  'easyr1-data-config': { schema: easyR1DataConfigSchema, kind: 'document' },
} as const satisfies Record<string, { schema: z.ZodType; kind: 'records' | 'document' }>;

/** A schema name of {@link DATASET_SCHEMAS}. */
export type DatasetSchemaName = keyof typeof DATASET_SCHEMAS;

/** All schema names. */
export const DATASET_SCHEMA_NAMES = Object.keys(DATASET_SCHEMAS) as DatasetSchemaName[];

/**
 * The JSON Schema (draft 2020-12) of a named schema, from `z.toJSONSchema`. Cross-field rules written as
 * refinements (placeholder counts, role alternation, `Answer` among the options) cannot be expressed and are
 * left out; validate with the zod schema for those.
 */
export function toJsonSchema(name: DatasetSchemaName): Record<string, unknown> {
  const entry = DATASET_SCHEMAS[name] as { schema: z.ZodType } | undefined;
  if (entry === undefined) {
    throw new TypeError(
      `Unknown schema "${String(name)}"; expected one of: ${DATASET_SCHEMA_NAMES.join(', ')}.`,
    );
  }
  return z.toJSONSchema(entry.schema, { unrepresentable: 'any', io: 'input' });
}
