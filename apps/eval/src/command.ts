/**
 * The CLI's one typed table: every command declares its arguments and flags here, and the same data builds the
 * commander program and generates the CLI reference in the README (`npm run gen:cli-docs`).
 */

/** Where a command writes. Tests pass buffers; the real CLI passes process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** True when stderr is a terminal (progress bars), false for plain progress lines. */
  isTTY: boolean;
  env: Readonly<Record<string, string | undefined>>;
  /** Aborted on SIGINT/SIGTERM; long commands stop cleanly and keep what they finished. */
  signal: AbortSignal;
}

/** A positional argument. */
export interface ArgumentSpec {
  name: string;
  description: string;
  /** Default: true. */
  required?: boolean;
  variadic?: boolean;
}

/** A flag, in commander syntax (`--at <seconds>`, `--json`). */
export interface OptionSpec {
  flags: string;
  description: string;
  default?: string | number | boolean;
  choices?: readonly string[];
  /** Parses the raw string (numbers, ranges); throw UsageError for bad values. */
  parse?: (value: string) => unknown;
  required?: boolean;
}

/** What a command receives: positional arguments and parsed options (camelCase keys, as commander gives them). */
export interface CommandContext {
  args: string[];
  options: Record<string, unknown>;
  io: CliIo;
}

/** One CLI command. `run` returns the exit code: 0 ok, 1 failure (2 is reserved for usage errors). */
export interface CommandSpec {
  name: string;
  summary: string;
  /** Longer help text shown by `nextevent <name> --help`. */
  description?: string;
  arguments?: readonly ArgumentSpec[];
  options: readonly OptionSpec[];
  run(ctx: CommandContext): Promise<number>;
}

/** Bad command-line input (exit code 2). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Exit codes, documented in the README. */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;
