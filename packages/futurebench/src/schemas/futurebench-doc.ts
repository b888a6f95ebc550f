import { z } from 'zod';
import { QUESTION_TYPES } from '../question-types.js';
import { parseDocArray, parseOneDoc, type JsonInput } from './parse.js';

/**
 * `qa.Options` of a FutureBench doc: the four option texts `A`–`D`. Extra keys are kept (the EasyR1 v1 prompt
 * lists every key; the lmms-eval prompt ignores all but `A`–`D`).
 */
export const futureBenchOptionsSchema = z.looseObject({
  A: z.string(),
  B: z.string(),
  C: z.string(),
  D: z.string(),
});

/**
 * One FutureBench doc (an element of `futurebench.json`, interop.md §3.1). Unknown top-level keys are kept,
 * because lmms-eval saves the whole doc to its samples log.
 *
 * Stricter than the reference, which loads any doc and fails only later: a `question_type` outside
 * `hop1|hop2|hop3|hop5` only raises a `KeyError` in aggregation, and a non-string option only when the prompt
 * is built. `qa.Answer` is any string here (the reference upper-cases it with `str.upper()` when scoring).
 */
export const futureBenchDocSchema = z.looseObject({
  id: z.string(),
  question_type: z.enum(QUESTION_TYPES),
  video_path: z.string(),
  qa: z.looseObject({
    Question: z.string(),
    Options: futureBenchOptionsSchema,
    Answer: z.string(),
  }),
});

/** A validated FutureBench doc. */
export type FutureBenchDoc = z.output<typeof futureBenchDocSchema>;

/**
 * Validates a FutureBench file: a JSON array of docs given as text, UTF-8 bytes or an already parsed value.
 *
 * @throws {InvalidDocError} naming the doc index, its `id` and the field, e.g.
 *   `FutureBench doc 3 (id "fb_00042"): qa.Options.D: Invalid input: expected string, received null`.
 */
export function parseFutureBenchDocs(json: JsonInput): FutureBenchDoc[] {
  return parseDocArray(json, futureBenchDocSchema, { kind: 'FutureBench doc', idKey: 'id' });
}

/** Validates a single FutureBench doc (`index` only labels the error). @throws {InvalidDocError} */
export function parseFutureBenchDoc(doc: unknown, index?: number): FutureBenchDoc {
  return parseOneDoc(doc, futureBenchDocSchema, {
    kind: 'FutureBench doc',
    idKey: 'id',
    ...(index === undefined ? {} : { index }),
  });
}
