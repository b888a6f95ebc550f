import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { placeholders, readFixture } from './goldens.js';

/**
 * Materializes the golden V1-33K tree under `root` (the folder that plays `./V1-33K`): the input JSON and the
 * empty placeholder videos (plus the one directory that looks like a video).
 */
export function writeGoldenDataset(root: string, input = 'input/next_event_prediction.json.gz'): void {
  const p = placeholders();
  const real = (rel: string) => join(root, rel.replace(/^\.\/V1-33K\//, ''));
  for (const f of p.files) {
    mkdirSync(dirname(real(f)), { recursive: true });
    writeFileSync(real(f), '');
  }
  for (const d of p.directories) {
    mkdirSync(real(d), { recursive: true });
    writeFileSync(join(real(d), '.keep'), '');
  }
  writeFileSync(join(root, 'next_event_prediction.json'), readFixture(input));
}
