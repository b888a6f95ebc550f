import { InvalidDocError } from './errors.js';
import { describe } from './schemas/parse.js';
import { BENCHMARK_TASKS, taskOptionError, type BenchmarkTask } from './tasks.js';

export type { BenchmarkTask } from './tasks.js';

/**
 * lmms-eval's `lmms_eval_specific_kwargs` as handed to `doc_to_text`: `pre_prompt` / `post_prompt` when present
 * (other keys, such as the `default` block lmms-eval leaves in the dict, are ignored). A missing key falls back
 * to the function's built-in text ({@link BUILTIN_PRE_PROMPT}, {@link BUILTIN_POST_PROMPT}).
 */
export interface PromptKwargs {
  /** Text placed before the question, followed by a line break. */
  readonly pre_prompt?: string;
  /** Text placed after the options, preceded by a line break. */
  readonly post_prompt?: string;
  /** Other keys are accepted and ignored, as in the reference. */
  readonly [key: string]: unknown;
}

/** Fallback pre-prompt of `future_pred_doc_to_text` / `seedbench_r1_doc_to_text` when `pre_prompt` is absent. */
export const BUILTIN_PRE_PROMPT =
  'Select the best answer to the following multiple-choice question based on the video. Respond with only the letter (A, B, C, or D) of the correct option.';

/** Fallback post-prompt when `post_prompt` is absent. */
export const BUILTIN_POST_PROMPT = 'The best answer is:';

/**
 * The active `lmms_eval_specific_kwargs.default` of `futurebench.yaml` and `seedbench_r1_l{1,2,3}.yaml`
 * (direct answer): no pre-prompt, and the "Answer with the option's letter" post-prompt.
 */
export const DIRECT_PROMPT_KWARGS: PromptKwargs = Object.freeze({
  pre_prompt: '',
  post_prompt: "\nAnswer with the option's letter from the given choices directly.",
});

/**
 * The "reasoning" block that is commented out in the task yamls: the R1 `<think>`/`<answer>` instruction as
 * pre-prompt and an empty post-prompt. Score its outputs with `extractAnswer(text, { task: 'reasoning' })`.
 */
export const REASONING_PROMPT_KWARGS: PromptKwargs = Object.freeze({
  pre_prompt:
    'You FIRST think about the reasoning process as an internal monologue and then provide the final answer.\nThe reasoning process MUST BE enclosed within <think> </think> tags. The final answer MUST BE put in <answer> </answer> tags.',
  post_prompt: '',
});

/** Options of {@link buildPrompt}. */
export interface BuildPromptOptions {
  /** Which task's `doc_to_text` to reproduce. Default: `'futurebench'`. */
  readonly task?: BenchmarkTask;
  /**
   * lmms-eval's `lmms_eval_specific_kwargs`. Omitted (`undefined`): the task yaml's default,
   * {@link DIRECT_PROMPT_KWARGS}. `{}`: the functions' built-in texts. `null` is rejected, as the reference
   * raises `TypeError` for `None`.
   */
  readonly promptKwargs?: PromptKwargs | null | undefined;
}

/** The fields of a FutureBench doc that the prompt reads; a parsed `FutureBenchDoc` qualifies. */
export interface FutureBenchPromptDoc {
  /** The question and the options `A`–`D`. */
  readonly qa: { readonly Question: string; readonly Options: Readonly<Record<string, unknown>> };
}

/** The fields of a SEED-Bench-R1 doc that the prompt reads; a parsed `SeedBenchR1Doc` qualifies. */
export interface SeedBenchR1PromptDoc {
  /** Question text. */
  readonly question: string;
  /** Option A text. */
  readonly choice_a: string;
  /** Option B text. */
  readonly choice_b: string;
  /** Option C text. */
  readonly choice_c: string;
  /** Option D text. */
  readonly choice_d: string;
}

function kwargText(kwargs: PromptKwargs, key: 'pre_prompt' | 'post_prompt', fallback: string): string {
  if (!(key in kwargs)) {
    return fallback;
  }
  const value = kwargs[key];
  if (typeof value !== 'string') {
    throw new TypeError(
      `options.promptKwargs.${key}, when provided, must be a string (received ${describe(value)}).`,
    );
  }
  return value;
}

function field(obj: unknown, key: string, path: string, kind: string): unknown {
  if (obj === null || typeof obj !== 'object' || !(key in obj)) {
    throw new InvalidDocError('missing (the reference raises KeyError)', { field: path, kind });
  }
  return (obj as Record<string, unknown>)[key];
}

function str(value: unknown, path: string, kind: string): string {
  if (typeof value !== 'string') {
    throw new InvalidDocError(
      `expected string, received ${describe(value)} (the reference cannot concatenate it: TypeError)`,
      { field: path, kind },
    );
  }
  return value;
}

/**
 * Builds the prompt text exactly as the reference `doc_to_text` does (`future_pred_doc_to_text` for
 * FutureBench, `seedbench_r1_doc_to_text` for SEED-Bench-R1, identical for levels 1–3):
 * `pre + "\n" + question + "\n" + "A. …\nB. …\nC. …\nD. …" + "\n" + post`.
 *
 * With the yaml default the text therefore starts with an empty line (`"" + "\n"`) and the post-prompt's own
 * leading `\n` produces a blank line before "Answer with…". Option keys other than `A`–`D` are ignored.
 *
 * @throws {InvalidDocError} when the question or an option is missing or not a string (the reference raises
 *   `KeyError` / `TypeError`), checked in the order the reference evaluates them.
 * @throws {TypeError} when `promptKwargs` is `null` or holds a non-string pre/post prompt.
 */
export function buildPrompt(
  doc: FutureBenchPromptDoc | SeedBenchR1PromptDoc,
  options: BuildPromptOptions = {},
): string {
  const task = options.task ?? 'futurebench';
  const kwargs = options.promptKwargs === undefined ? DIRECT_PROMPT_KWARGS : options.promptKwargs;
  if (kwargs === null || typeof kwargs !== 'object') {
    throw new TypeError(
      'options.promptKwargs, when provided, must be an object (the reference raises TypeError for None).',
    );
  }
  const pre = kwargText(kwargs, 'pre_prompt', BUILTIN_PRE_PROMPT);
  let question: unknown;
  let optionText: string;
  if (task === 'futurebench') {
    const kind = 'FutureBench doc';
    const qa = field(doc, 'qa', 'qa', kind);
    question = field(qa, 'Question', 'qa.Question', kind);
    const opts = field(qa, 'Options', 'qa.Options', kind);
    optionText = (['A', 'B', 'C', 'D'] as const)
      .map((k) => `${k}. ${str(field(opts, k, `qa.Options.${k}`, kind), `qa.Options.${k}`, kind)}`)
      .join('\n');
    question = `${str(question, 'qa.Question', kind)}\n${optionText}`;
  } else if (task === 'seedbench-r1') {
    const kind = 'SEED-Bench-R1 doc';
    question = field(doc, 'question', 'question', kind);
    const values = (['a', 'b', 'c', 'd'] as const).map((k) => field(doc, `choice_${k}`, `choice_${k}`, kind));
    optionText = values
      .map((v, i) => `${'ABCD'[i] ?? ''}. ${str(v, `choice_${'abcd'[i] ?? ''}`, kind)}`)
      .join('\n');
    question = `${str(question, 'question', kind)}\n${optionText}`;
  } else {
    throw taskOptionError(BENCHMARK_TASKS);
  }
  const post = kwargText(kwargs, 'post_prompt', BUILTIN_POST_PROMPT);
  return `${pre}\n${question as string}\n${post}`;
}

/**
 * The reference `doc_to_target`: `qa.Answer` for FutureBench, `golden_choice_idx` for SEED-Bench-R1, returned
 * as stored (not upper-cased; lmms-eval writes `str()` of it as the samples' `target`).
 */
export function docToTarget(doc: unknown, options: { task?: BenchmarkTask } = {}): unknown {
  if ((options.task ?? 'futurebench') === 'futurebench') {
    return field(field(doc, 'qa', 'qa', 'FutureBench doc'), 'Answer', 'qa.Answer', 'FutureBench doc');
  }
  return field(doc, 'golden_choice_idx', 'golden_choice_idx', 'SEED-Bench-R1 doc');
}
