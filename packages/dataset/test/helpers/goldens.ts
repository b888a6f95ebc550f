import { readFileSync, readdirSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createListVideoProbe, parsePythonJson } from '@nextevent/dataset';

const ROOT = new URL('../fixtures/datagen/', import.meta.url);

/** Reads a fixture file as text, un-gzipping `.gz` files. */
export function readFixture(path: string): string {
  const buf = readFileSync(new URL(path, ROOT));
  return (path.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** Parses a fixture JSON file like Python's json.load. */
export function loadFixtureJson(path: string): unknown {
  return parsePythonJson(readFixture(path));
}

export function listFixtureDir(path: string): string[] {
  return readdirSync(new URL(path, ROOT)).sort();
}

/** The placeholder video tree as the reference sees it (paths relative to its working directory). */
export function goldenProbe() {
  const p = JSON.parse(readFixture('input/placeholders.json')) as { files: string[]; directories: string[] };
  return createListVideoProbe(p.files, p.directories);
}

export const placeholders = () =>
  JSON.parse(readFixture('input/placeholders.json')) as { files: string[]; directories: string[] };
