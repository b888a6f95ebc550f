import {
  extractDirectReference,
  extractReasoningReference,
  traceDirectExtraction,
  traceReasoningExtraction,
  type ExtractionTrace,
} from './reference.js';
import { extractStrict } from './strict.js';
import { BENCHMARK_TASKS, checkTaskOption } from '../tasks.js';

/** An extracted choice: `'A'`–`'D'`, or `''` when none was found. */
export type AnswerLetter = '' | 'A' | 'B' | 'C' | 'D';

/**
 * Which reference extractor to use: `'futurebench'` and `'seedbench-r1'` (identical code in the reference) read a
 * direct answer; `'reasoning'` reads the `<answer>…</answer>` span (FutureBench/SEED-Bench-R1 reasoning scoring
 * and EasyR1's v1 reward).
 */
export type ExtractionTask = 'futurebench' | 'seedbench-r1' | 'reasoning';

/** Options of {@link extractAnswer}. */
export interface ExtractAnswerOptions {
  /** Default: `'futurebench'`. */
  readonly task?: ExtractionTask;
  /**
   * Use the documented non-reference extractor ({@link extractStrict}) instead of the reference one.
   * Default: `false`. Scores computed with it are not comparable with the paper's.
   */
  readonly strict?: boolean;
}

const EXTRACTION_TASKS: readonly ExtractionTask[] = [...BENCHMARK_TASKS, 'reasoning'];

function checkTask(task: unknown): ExtractionTask {
  return checkTaskOption(task, EXTRACTION_TASKS);
}

/**
 * Extracts the chosen option letter from a model output exactly as the reference does (lmms-eval's
 * `extract_characters_regex` / `extract_thinking_answer_regex`, EasyR1's v1 extractor). Never throws for a
 * string, and always returns one of `''`, `'A'`, `'B'`, `'C'`, `'D'`.
 *
 * @example
 * extractAnswer('The best answer is C.'); // 'C'
 * extractAnswer('Answer: C'); // 'A'  (reference quirk: first capital A–D)
 * extractAnswer('Answer: C', { strict: true }); // 'C'
 * extractAnswer('<think>…</think><answer>D</answer>', { task: 'reasoning' }); // 'D'
 * @throws {TypeError} when `text` is not a string (the reference raises AttributeError).
 */
export function extractAnswer(text: string, options: ExtractAnswerOptions = {}): AnswerLetter {
  if (typeof text !== 'string') {
    throw new TypeError('text must be a string (the model output).');
  }
  const task = checkTask(options.task ?? 'futurebench');
  if (options.strict === true) {
    return extractStrict(text, task === 'reasoning');
  }
  return task === 'reasoning' ? extractReasoningReference(text) : extractDirectReference(text);
}

/**
 * Like {@link extractAnswer} with the reference extractor, but also reports which reference branch was taken
 * and which answer prefixes were removed: useful to audit why an output scored as it did.
 * @throws {TypeError} when `text` is not a string.
 */
export function traceExtraction(
  text: string,
  options: { readonly task?: ExtractionTask } = {},
): ExtractionTrace {
  if (typeof text !== 'string') {
    throw new TypeError('text must be a string (the model output).');
  }
  return checkTask(options.task ?? 'futurebench') === 'reasoning'
    ? traceReasoningExtraction(text)
    : traceDirectExtraction(text);
}
