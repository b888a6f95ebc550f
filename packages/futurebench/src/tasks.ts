/** The benchmark tasks whose prompts and scoring this package reproduces; every task check derives from it. */
export const BENCHMARK_TASKS = ['futurebench', 'seedbench-r1'] as const;

/** The benchmark tasks whose prompts and scoring this package reproduces. */
export type BenchmarkTask = (typeof BENCHMARK_TASKS)[number];

/** `'a', 'b' or 'c'`: the valid values of an option, quoted, for a `TypeError` message. */
export function listChoices(values: readonly string[]): string {
  const quoted = values.map((v) => `'${v}'`);
  return quoted.length <= 1
    ? (quoted[0] ?? '')
    : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1] ?? ''}`;
}

/** The `TypeError` for an `options.task` outside `valid`; it lists exactly `valid`. */
export function taskOptionError(valid: readonly string[]): TypeError {
  return new TypeError(`options.task, when provided, must be ${listChoices(valid)}.`);
}

/**
 * Returns `task` when it is one of `valid`.
 * @throws {TypeError} ({@link taskOptionError}) for any other value.
 */
export function checkTaskOption<T extends string>(task: unknown, valid: readonly T[]): T {
  if ((valid as readonly unknown[]).includes(task)) {
    return task as T;
  }
  throw taskOptionError(valid);
}
