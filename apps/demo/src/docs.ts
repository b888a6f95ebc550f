/**
 * FutureBench docs for the multiple-choice mode: loaded from a JSON file (an array of docs, as in
 * `futurebench.json`, or `{ "docs": [...] }`) and validated by @nextevent/futurebench, with errors naming the
 * file, the doc and the field.
 */
import { InvalidDocError, parseFutureBenchDocs, type FutureBenchDoc } from '@nextevent/futurebench';

export type { FutureBenchDoc };

/** Raised when a docs file is not valid JSON, has the wrong shape, or a doc misses a field. */
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
  try {
    return parseFutureBenchDocs(list);
  } catch (error) {
    if (error instanceof InvalidDocError) {
      throw new DocsFileError(`${fileName}: ${error.message}`);
    }
    throw error;
  }
}

/** The option letters of a doc in file order, e.g. `['A', 'B', 'C', 'D']`. */
export function optionLetters(doc: FutureBenchDoc): string[] {
  return Object.keys(doc.qa.Options);
}
