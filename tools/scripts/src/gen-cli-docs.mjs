#!/usr/bin/env node
// Generates the CLI reference in the root README.md (between <!-- cli-reference:start --> and
// <!-- cli-reference:end -->) from the BUILT `nextevent` command table (apps/eval/dist; run `npm run build` first).
// Only the text between the markers changes; the markers are appended at the end of README.md when absent.
// The result is formatted with the repo's Prettier config, so `prettier --check .` agrees with it.
// `--check`: writes nothing, exits 1 when README.md is stale (CI).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as prettier from 'prettier';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const dist = join(ROOT, 'apps/eval/dist/index.js');
const readmePath = join(ROOT, 'README.md');
const check = process.argv.includes('--check');

if (!existsSync(dist)) {
  console.error(`gen-cli-docs: ${dist} is missing; run \`npm run build\` first.`);
  process.exit(1);
}
const { COMMANDS, renderCliReference, spliceCliReference } = await import(pathToFileURL(dist).href);
const current = existsSync(readmePath) ? readFileSync(readmePath, 'utf8') : '';
const spliced = spliceCliReference(current, renderCliReference(COMMANDS, { root: ROOT }));
const config = (await prettier.resolveConfig(readmePath)) ?? {};
const next = await prettier.format(spliced, { ...config, filepath: readmePath });

if (check) {
  if (next !== current) {
    console.error(
      'gen-cli-docs: the CLI reference in README.md is stale; run `npm run gen:cli-docs` and commit it.',
    );
    process.exit(1);
  }
  console.log('gen-cli-docs: README.md CLI reference is up to date.');
} else if (next !== current) {
  const tmp = `${readmePath}.${process.pid}.tmp`;
  writeFileSync(tmp, next);
  renameSync(tmp, readmePath);
  console.log(`gen-cli-docs: updated the CLI reference in README.md (${COMMANDS.length} commands).`);
} else {
  console.log('gen-cli-docs: README.md already up to date.');
}
