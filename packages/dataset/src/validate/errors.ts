import type { z } from 'zod';

/** One problem found in a dataset file. */
export interface ValidationIssue {
  /** 0-based record index (array element or JSONL line), when the problem is inside a record. */
  index?: number;
  /** The record's `id` (or `video_path` when it has no `id`), when it has one. */
  id?: string;
  /** Field path inside the record, e.g. `messages.1.role`; empty for the record itself. */
  path: string;
  message: string;
}

/** Formats an issue as `record 3 (id "x"): qa.Answer: message`. */
export function formatIssue(issue: ValidationIssue): string {
  const where =
    issue.index === undefined
      ? ''
      : `record ${issue.index}${issue.id === undefined ? '' : ` (id ${JSON.stringify(issue.id)})`}: `;
  return `${where}${issue.path === '' ? '' : `${issue.path}: `}${issue.message}`;
}

/** Turns a zod path into `a.b.0.c`. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** A dataset file or value does not match its schema; `issues` names record index, id and field path. */
export class DatasetValidationError extends Error {
  override name = 'DatasetValidationError';
  readonly issues: readonly ValidationIssue[];

  constructor(what: string, issues: readonly ValidationIssue[]) {
    const first = issues[0];
    super(
      `${what} is invalid${first === undefined ? '' : `: ${formatIssue(first)}`}${issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''}`,
    );
    this.issues = issues;
  }

  /** From a zod error on one value. */
  static fromZod(
    what: string,
    error: z.ZodError,
    at?: { index?: number; id?: string },
  ): DatasetValidationError {
    return new DatasetValidationError(
      what,
      error.issues.map((i) => ({ ...at, path: formatPath(i.path), message: i.message })),
    );
  }
}
