#!/usr/bin/env node
// Fails when a generated, committed file is stale: turbo.json (from nx.json) and the README's CLI reference
// (from apps/eval's command table, once that generator exists).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, run } from './env.mjs';

let failed = 0;
failed += run('node', ['tools/scripts/src/gen-turbo.mjs', '--check']) === 0 ? 0 : 1;
if (existsSync(join(ROOT, 'tools/scripts/src/gen-cli-docs.mjs'))) {
  failed += run('node', ['tools/scripts/src/gen-cli-docs.mjs', '--check']) === 0 ? 0 : 1;
}
process.exit(failed ? 1 : 0);
