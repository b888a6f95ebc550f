import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const ROOT = join(import.meta.dirname, '../fixtures/datagen');

/** A fixture file's text (gunzipped when it ends in .gz). */
export function datagenFixture(rel: string): string {
  const buf = readFileSync(join(ROOT, rel));
  return (rel.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/**
 * Writes a V1-33K folder at `root`: the given input as next_event_prediction.json and the empty placeholder
 * clips the reference checks (paths in placeholders.json are relative to the reference's working directory).
 */
export function writeDatasetFolder(root: string, input: string): void {
  const p = JSON.parse(datagenFixture('placeholders.json')) as { files: string[]; directories: string[] };
  const real = (rel: string) => join(root, rel.replace(/^\.\/V1-33K\//, ''));
  for (const f of p.files) {
    mkdirSync(dirname(real(f)), { recursive: true });
    writeFileSync(real(f), '');
  }
  for (const d of p.directories) {
    mkdirSync(real(d), { recursive: true });
  }
  writeFileSync(join(root, 'next_event_prediction.json'), input);
}
