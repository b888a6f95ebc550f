import { createReadStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { isJsonObject } from '../python/json-value.js';
import { parsePythonJson } from '../python/json-parse.js';
import { DATASET_SCHEMAS, DATASET_SCHEMA_NAMES, type DatasetSchemaName } from '../schemas/registry.js';
import { formatPath } from '../validate/errors.js';
import { validateRecords, type ValidationReport } from '../validate/validate-records.js';
import { iterateJsonArray, iterateJsonLines } from '../validate/stream.js';

/** Options of {@link validateFile}. */
export interface ValidateFileOptions {
  /** Which schema; default: guessed from the file name, then from the first record. */
  schema?: DatasetSchemaName;
  /** Default: `100`. */
  maxIssues?: number;
}

/** Guesses the schema of a file from its name, then from its first record. */
export async function detectSchema(path: string): Promise<DatasetSchemaName> {
  const name = basename(path);
  if (/\.ya?ml$/i.test(name)) {
    return 'easyr1-data-config';
  }
  if (name === 'dataset_info.json') {
    return 'dataset-info';
  }
  if (name === 'next_event_prediction.json') {
    return 'next-event';
  }
  if (name === 'futurebench.json') {
    return 'futurebench';
  }
  const head = Buffer.alloc(1 << 20);
  const fh = await open(path, 'r');
  let text: string;
  try {
    const { bytesRead } = await fh.read(head, 0, head.length, 0);
    text = head.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
  const iter = /\.jsonl$/i.test(name) ? iterateJsonLines([text]) : iterateJsonArray([text]);
  let first: unknown;
  try {
    for await (const r of iter) {
      first = r.value;
      break;
    }
  } catch {
    // a truncated first megabyte: fall through
  }
  if (isJsonObject(first)) {
    if ('messages' in first) {
      return 'sharegpt';
    }
    if ('video_split' in first || 'events' in first) {
      return 'next-event';
    }
    if ('qa' in first && 'question_type' in first) {
      return 'futurebench';
    }
    if ('qa' in first && 'video_path' in first) {
      return 'easyr1-v1';
    }
  }
  throw new TypeError(
    `Cannot tell which schema ${path} follows; pass one of: ${DATASET_SCHEMA_NAMES.join(', ')}.`,
  );
}

/**
 * Validates a dataset file: record files (`.json` arrays or `.jsonl`) are streamed record by record; whole
 * documents (`dataset_info.json`, EasyR1 data-config YAML) are read at once. Issues name record index, id and
 * field path.
 */
export async function validateFile(
  path: string,
  options: ValidateFileOptions = {},
): Promise<ValidationReport & { schema: DatasetSchemaName }> {
  const schemaName = options.schema ?? (await detectSchema(path));
  const entry = DATASET_SCHEMAS[schemaName] as (typeof DATASET_SCHEMAS)[DatasetSchemaName] | undefined;
  if (entry === undefined) {
    throw new TypeError(
      `Unknown schema "${schemaName}"; expected one of: ${DATASET_SCHEMA_NAMES.join(', ')}.`,
    );
  }
  if (entry.kind === 'records') {
    const report = await validateRecords(createReadStream(path), entry.schema, {
      format: /\.jsonl$/i.test(path) ? 'jsonl' : 'json',
      ...(options.maxIssues === undefined ? {} : { maxIssues: options.maxIssues }),
    });
    return { ...report, schema: schemaName };
  }
  const text = await readFile(path, 'utf8');
  let value: unknown;
  try {
    value = schemaName === 'easyr1-data-config' ? parseYaml(text) : parsePythonJson(text);
  } catch (e) {
    return {
      records: 1,
      valid: 0,
      issues: [],
      truncated: false,
      fatal: (e as Error).message,
      schema: schemaName,
    };
  }
  const parsed = entry.schema.safeParse(value);
  return {
    records: 1,
    valid: parsed.success ? 1 : 0,
    issues: parsed.success
      ? []
      : parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: i.message })),
    truncated: false,
    schema: schemaName,
  };
}
