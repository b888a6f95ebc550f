import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const HERE = import.meta.dirname;

/** Reads a file under test/ as text. */
export function readText(relative: string): string {
  return readFileSync(join(HERE, relative), 'utf8');
}

/** Parses a JSONL file under test/. */
export function readJsonl<T>(relative: string): T[] {
  return readText(relative)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);
}

/** Parses a JSON file under test/. */
export function readJson<T>(relative: string): T {
  return JSON.parse(readText(relative)) as T;
}
