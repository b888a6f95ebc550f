/**
 * FutureBench docs for the multiple-choice mode: loaded from a JSON file (an array of docs, as in
 * `futurebench.json`, or `{ "docs": [...] }`), validated, with errors naming the doc and the field.
 */
import { z } from 'zod';

// The page's CSP forbids eval; zod would otherwise probe `new Function` (and report a CSP violation) on first use.
z.config({ jitless: true });

/** One FutureBench question (the fields lmms-eval's futurebench task reads). */
export interface FutureBenchDoc {
  id: string;
  question_type: string;
  video_path: string;
  qa: { Question: string; Options: Record<string, string>; Answer: string };
}

const docSchema = z.object({
  id: z.string(),
  question_type: z.string(),
  video_path: z.string(),
  qa: z.object({
    Question: z.string(),
    Options: z.record(z.string(), z.string()),
    Answer: z.string(),
  }),
});

/** Raised when a docs file is not valid JSON or a doc misses a field. */
export class DocsFileError extends Error {
  override readonly name = 'DocsFileError';
}

/** Parses and validates the text of a docs file. */
export function parseDocsFile(text: string, fileName: string): FutureBenchDoc[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new DocsFileError(`${fileName}: not valid JSON (${(error as Error).message})`);
  }
  const list: unknown =
    typeof data === 'object' && data !== null && !Array.isArray(data)
      ? (data as { docs?: unknown }).docs
      : data;
  if (!Array.isArray(list)) {
    throw new DocsFileError(
      `${fileName}: expected an array of FutureBench docs or an object with a "docs" array`,
    );
  }
  if (list.length === 0) {
    throw new DocsFileError(`${fileName}: the file holds no docs`);
  }
  return list.map((raw, index) => {
    const parsed = docSchema.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue ? issue.path.join('.') : '?';
      const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
      throw new DocsFileError(
        `${fileName}: doc ${index}${typeof id === 'string' ? ` (${id})` : ''}: field "${where}" ${issue?.message ?? 'is invalid'}`,
      );
    }
    return parsed.data;
  });
}

/** The option letters of a doc in file order, e.g. `['A', 'B', 'C', 'D']`. */
export function optionLetters(doc: FutureBenchDoc): string[] {
  return Object.keys(doc.qa.Options);
}
