import { z } from 'zod';
import { parseDocArray, parseOneDoc, type JsonInput } from './parse.js';

/**
 * One SEED-Bench-R1 doc as the reference tasks `seedbench_r1_l1`/`_l2`/`_l3` read it: the question, four
 * choices, the golden letter and the visual fields used by `seedbench_r1_doc_to_visual`. Unknown keys are kept.
 */
export const seedBenchR1DocSchema = z.looseObject({
  video_id: z.string(),
  question: z.string(),
  choice_a: z.string(),
  choice_b: z.string(),
  choice_c: z.string(),
  choice_d: z.string(),
  golden_choice_idx: z.string(),
  task_progress_metadata: z.array(z.unknown()),
  video_basename: z.string(),
  video_source: z.string(),
  current_observation_basename: z.string(),
});

/** A validated SEED-Bench-R1 doc. */
export type SeedBenchR1Doc = z.output<typeof seedBenchR1DocSchema>;

/**
 * Validates a SEED-Bench-R1 file (JSON array of docs as text, bytes or a parsed value).
 * @throws {InvalidDocError} naming the doc index, its `video_id` and the field.
 */
export function parseSeedBenchR1Docs(json: JsonInput): SeedBenchR1Doc[] {
  return parseDocArray(json, seedBenchR1DocSchema, { kind: 'SEED-Bench-R1 doc', idKey: 'video_id' });
}

/** Validates a single SEED-Bench-R1 doc (`index` only labels the error). @throws {InvalidDocError} */
export function parseSeedBenchR1Doc(doc: unknown, index?: number): SeedBenchR1Doc {
  return parseOneDoc(doc, seedBenchR1DocSchema, {
    kind: 'SEED-Bench-R1 doc',
    idKey: 'video_id',
    ...(index === undefined ? {} : { index }),
  });
}
