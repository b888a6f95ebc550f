import type { z } from 'zod';
import { InvalidDocError } from '../errors.js';

/** Text, bytes (UTF-8) or an already parsed JSON value (anything else is taken as parsed). */
export type JsonInput = unknown;

/** Parses `input` as JSON unless it already is a value; bytes are decoded as UTF-8 (BOM skipped). */
export function toJsonValue(input: JsonInput, kind: string): unknown {
  let text: string;
  if (typeof input === 'string') {
    text = input;
  } else if (input instanceof Uint8Array) {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(input);
  } else {
    return input;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new InvalidDocError(`not valid JSON (${(cause as Error).message})`, { field: '(file)', kind });
  }
}

/** Formats a zod path (`['qa', 'Options', 'D']`) as `qa.Options.D`; array indices as `[3]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    out += typeof key === 'number' ? `[${key}]` : `${out === '' ? '' : '.'}${String(key)}`;
  }
  return out === '' ? '(doc)' : out;
}

/**
 * Validates each element of a JSON array of docs with `schema`; the first failure throws an
 * {@link InvalidDocError} naming the doc index, its id (read from `idKey`) and the field.
 */
export function parseDocArray<S extends z.ZodType>(
  input: JsonInput,
  schema: S,
  options: { kind: string; idKey: string },
): z.output<S>[] {
  const value = toJsonValue(input, options.kind);
  if (!Array.isArray(value)) {
    throw new InvalidDocError(`expected a JSON array of docs, received ${describe(value)}`, {
      field: '(root)',
      kind: options.kind,
    });
  }
  return value.map((doc: unknown, index) => parseOneDoc(doc, schema, { ...options, index }));
}

/** Validates one doc; see {@link parseDocArray}. */
export function parseOneDoc<S extends z.ZodType>(
  doc: unknown,
  schema: S,
  options: { kind: string; idKey: string; index?: number },
): z.output<S> {
  const result = schema.safeParse(doc);
  if (result.success) {
    return result.data;
  }
  const issue = result.error.issues[0];
  const id =
    doc !== null && typeof doc === 'object' ? (doc as Record<string, unknown>)[options.idKey] : undefined;
  throw new InvalidDocError(issue?.message ?? 'invalid', {
    field: formatPath(issue?.path ?? []),
    index: options.index,
    docId: typeof id === 'string' ? id : undefined,
    kind: options.kind,
  });
}

/** A short description of a JSON value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) {
    return 'null';
  }
  if (Array.isArray(value)) {
    return 'array';
  }
  return typeof value;
}
