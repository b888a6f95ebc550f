import { InvalidDocError } from './errors.js';
import { extractAnswer, type AnswerLetter } from './extract/extract-answer.js';
import { QUESTION_TYPES, isQuestionType } from './question-types.js';
import { describe } from './schemas/parse.js';
import { BENCHMARK_TASKS, checkTaskOption } from './tasks.js';

/**
 * FutureBench's per-doc metric value (`future_acc` in lmms-eval's samples log), exactly as
 * `future_pred_process_results` returns it. Field names are the reference's, so records read from lmms-eval
 * files and records scored here aggregate with the same code.
 */
export interface FutureAccRecord {
  /** The doc's `id`. */
  video_id: string;
  /** The doc's `question_type` (`hop1`…`hop5`; passed through unchecked unless `strictQuestionType`). */
  question_type: string;
  /** The extracted letter, `''` when none. */
  pred_answer: string;
  /** `qa.Answer` upper-cased with Python's `str.upper()` (so `ß` becomes `SS`). */
  answer: string;
}

/** SEED-Bench-R1's per-doc metric value (`seedbench_r1_acc`), as `seedbench_r1_process_results` returns it. */
export interface SeedBenchR1AccRecord {
  /** The doc's `video_id`. */
  video_id: string;
  /** The extracted letter, `''` when none. */
  pred_answer: string;
  /** `golden_choice_idx` upper-cased. */
  answer: string;
}

/** The lmms-eval metric name under which each task logs its per-doc record. */
export const METRIC_NAMES = Object.freeze({
  futurebench: 'future_acc',
  'seedbench-r1': 'seedbench_r1_acc',
} as const);

/** Options of {@link scoreSample}. */
export interface ScoreSampleOptions<
  T extends 'futurebench' | 'seedbench-r1' = 'futurebench' | 'seedbench-r1',
> {
  /** Which task's `process_results` to reproduce. Default: `'futurebench'`. */
  readonly task?: T;
  /**
   * Score a reasoning run: extract from `<answer>…</answer>` (`*_process_reasoning_results`). Default: `false`,
   * the direct-answer extractor of the active task yaml.
   */
  readonly reasoning?: boolean;
  /**
   * Extract with the documented non-reference extractor (what `extractAnswer`'s `strict` selects). Default:
   * `false`, the reference extractor; scores computed with it are not comparable with the paper's.
   */
  readonly strictExtraction?: boolean;
  /**
   * Reject a FutureBench `question_type` outside `hop1|hop2|hop3|hop5` with an {@link InvalidDocError}; it does
   * not change extraction. Default: `false`: like the reference, any value is passed through (and `aggregate`
   * fails on it later). Ignored for SEED-Bench-R1.
   */
  readonly strictQuestionType?: boolean;
}

/** What {@link scoreSample} reads from a FutureBench doc; a parsed `FutureBenchDoc` qualifies. */
export interface FutureBenchScoreDoc {
  /** Doc id, copied to `video_id`. */
  readonly id: string;
  /** Question type, copied unchanged. */
  readonly question_type: string;
  /** Only `qa.Answer` is read. */
  readonly qa: { readonly Answer: string };
}

/** What {@link scoreSample} reads from a SEED-Bench-R1 doc; a parsed `SeedBenchR1Doc` qualifies. */
export interface SeedBenchR1ScoreDoc {
  /** Copied to `video_id`. */
  readonly video_id: string;
  /** The correct letter; upper-cased. */
  readonly golden_choice_idx: string;
}

function read(obj: unknown, key: string, path: string, kind: string): unknown {
  if (obj === null || typeof obj !== 'object' || !(key in obj)) {
    throw new InvalidDocError('missing (the reference raises KeyError)', { field: path, kind });
  }
  return (obj as Record<string, unknown>)[key];
}

function upper(value: unknown, path: string, kind: string): string {
  if (typeof value !== 'string') {
    throw new InvalidDocError(`expected string, received ${describe(value)} (the reference calls .upper())`, {
      field: path,
      kind,
    });
  }
  return value.toUpperCase();
}

/**
 * Scores one model output against its doc exactly as the reference `process_results` does:
 * `future_pred_process_results` (or `…_reasoning_results` with `reasoning: true`) for FutureBench,
 * `seedbench_r1_process_results` for SEED-Bench-R1. The sample is correct when
 * `record.pred_answer === record.answer` (see {@link isCorrect}).
 *
 * Quirk reproduced: the answer is upper-cased but the prediction is not compared case-insensitively; an answer
 * such as `"E"` or `"ß"` (→ `"SS"`) can never be matched.
 *
 * @throws {TypeError} when `response` is not a string, `options.task` is not `'futurebench'` or
 *   `'seedbench-r1'`, or `options.strict` is given (ambiguous: use `strictExtraction` or `strictQuestionType`).
 * @throws {InvalidDocError} when a field the reference reads is missing or not a string, or (with
 *   `strictQuestionType`) the question type is unknown.
 */
export function scoreSample(
  doc: FutureBenchScoreDoc,
  response: string,
  options?: ScoreSampleOptions<'futurebench'>,
): FutureAccRecord;
export function scoreSample(
  doc: SeedBenchR1ScoreDoc,
  response: string,
  options: ScoreSampleOptions<'seedbench-r1'> & { readonly task: 'seedbench-r1' },
): SeedBenchR1AccRecord;
export function scoreSample(
  doc: FutureBenchScoreDoc | SeedBenchR1ScoreDoc,
  response: string,
  options: ScoreSampleOptions = {},
): FutureAccRecord | SeedBenchR1AccRecord {
  const task = checkTaskOption(options.task ?? 'futurebench', BENCHMARK_TASKS);
  if ('strict' in options) {
    throw new TypeError(
      'options.strict is not an option of scoreSample: use strictExtraction (the non-reference extractor) or strictQuestionType (reject unknown question types).',
    );
  }
  const pred: AnswerLetter = extractAnswer(response, {
    task: options.reasoning === true ? 'reasoning' : task,
    strict: options.strictExtraction === true,
  });
  if (task === 'futurebench') {
    const kind = 'FutureBench doc';
    const id = read(doc, 'id', 'id', kind) as string;
    const questionType = read(doc, 'question_type', 'question_type', kind) as string;
    const answer = upper(read(read(doc, 'qa', 'qa', kind), 'Answer', 'qa.Answer', kind), 'qa.Answer', kind);
    if (options.strictQuestionType === true && !isQuestionType(questionType)) {
      throw new InvalidDocError(
        `${JSON.stringify(questionType)} is not one of ${QUESTION_TYPES.join(', ')}`,
        {
          field: 'question_type',
          kind,
          docId: typeof id === 'string' ? id : undefined,
        },
      );
    }
    return { video_id: id, question_type: questionType, pred_answer: pred, answer };
  }
  const kind = 'SEED-Bench-R1 doc';
  const id = read(doc, 'video_id', 'video_id', kind) as string;
  const answer = upper(read(doc, 'golden_choice_idx', 'golden_choice_idx', kind), 'golden_choice_idx', kind);
  return { video_id: id, pred_answer: pred, answer };
}

/** True when a scored record counts as correct: the reference's `pred_answer == answer`. */
export function isCorrect(record: { readonly pred_answer: unknown; readonly answer: unknown }): boolean {
  return record.pred_answer === record.answer;
}
