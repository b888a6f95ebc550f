import type { z } from 'zod';
import { isJsonObject } from '../python/json-value.js';
import { formatPath, type ValidationIssue } from './errors.js';
import { iterateJsonArray, iterateJsonLines, JsonStreamError, type TextChunks } from './stream.js';

/** Options of {@link validateRecords}. */
export interface ValidateRecordsOptions {
  /** `json` (one array) or `jsonl` (one record per line). Default: `json`. */
  format?: 'json' | 'jsonl';
  /** Stop collecting issues after this many (records are still counted). Default: `100`. */
  maxIssues?: number;
  /** Called for every valid record (e.g. to collect or transform them while streaming). */
  onRecord?: (record: unknown, index: number) => void;
}

/** The result of {@link validateRecords}. */
export interface ValidationReport {
  /** Records read. */
  records: number;
  /** Records that matched the schema. */
  valid: number;
  issues: ValidationIssue[];
  /** True when more issues were found than `maxIssues` kept. */
  truncated: boolean;
  /** A structural error that stopped the scan (not an array, unterminated, …). */
  fatal?: string;
}

/** The id to name a record by: its `id`, else its `video_path`. */
export function recordId(value: unknown): string | undefined {
  if (!isJsonObject(value)) {
    return undefined;
  }
  for (const key of ['id', 'video_path']) {
    const v = value[key];
    if (typeof v === 'string' || typeof v === 'number') {
      return String(v);
    }
  }
  return undefined;
}

/**
 * Validates every record of a large JSON array or JSON Lines file against a zod schema while streaming,
 * naming each problem by record index, record id and field path.
 *
 * @example
 * ```ts
 * const report = await validateRecords(['[{"video_path": "a/b.mp4"}]'], easyR1V1RecordSchema);
 * report.issues[0]; // { index: 0, id: 'a/b.mp4', path: 'qa', message: 'Invalid input: expected object, …' }
 * ```
 */
export async function validateRecords(
  source: TextChunks,
  schema: z.ZodType,
  options: ValidateRecordsOptions = {},
): Promise<ValidationReport> {
  const maxIssues = options.maxIssues ?? 100;
  const report: ValidationReport = { records: 0, valid: 0, issues: [], truncated: false };
  const add = (issue: ValidationIssue): void => {
    if (report.issues.length < maxIssues) {
      report.issues.push(issue);
    } else {
      report.truncated = true;
    }
  };
  const iterate = options.format === 'jsonl' ? iterateJsonLines(source) : iterateJsonArray(source);
  try {
    for await (const item of iterate) {
      report.records++;
      if (item.error !== undefined) {
        add({ index: item.index, path: '', message: item.error });
        continue;
      }
      const parsed = schema.safeParse(item.value);
      if (parsed.success) {
        report.valid++;
        options.onRecord?.(parsed.data, item.index);
      } else {
        const id = recordId(item.value);
        for (const issue of parsed.error.issues) {
          add({
            index: item.index,
            ...(id === undefined ? {} : { id }),
            path: formatPath(issue.path),
            message: issue.message,
          });
        }
      }
    }
  } catch (e) {
    if (!(e instanceof JsonStreamError)) {
      throw e;
    }
    report.fatal = e.message;
  }
  return report;
}
