/** FutureBench question types, in the order of the reference's `TYPES` list (`futurebench/utils.py`). */
export const QUESTION_TYPES = ['hop1', 'hop2', 'hop3', 'hop5'] as const;

/** One FutureBench question type: how many events lie between the clip and the asked-for event. */
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** True when `value` is one of {@link QUESTION_TYPES}. */
export function isQuestionType(value: unknown): value is QuestionType {
  return value === 'hop1' || value === 'hop2' || value === 'hop3' || value === 'hop5';
}
