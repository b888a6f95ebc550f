#!/usr/bin/env node
// Generates turbo.json from nx.json's targetDefaults so `npx turbo run build test` behaves like `nx run-many`.
// `--check` exits 1 when the committed turbo.json is stale (run `npm run gen:turbo` to refresh it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Translates one nx input (named input or `{projectRoot}`/`{workspaceRoot}` glob) into turbo globs. */
function translateInput(input, named) {
  if (typeof input !== 'string') {
    return []; // nx-only input kinds (externalDependencies, runtime) have no turbo equivalent
  }
  const negated = input.startsWith('!');
  const body = negated ? input.slice(1) : input;
  if (body.startsWith('^')) {
    return []; // turbo hashes dependencies' outputs through dependsOn
  }
  if (named[body]) {
    return named[body].flatMap((i) => translateInput(i, named));
  }
  if (body === '{projectRoot}/**/*') {
    return ['$TURBO_DEFAULT$'];
  }
  const glob = body.replace('{projectRoot}/', '').replace('{workspaceRoot}/', '$TURBO_ROOT$/');
  return [negated ? `!${glob}` : glob];
}

export function generateTurbo(nx) {
  const named = nx.namedInputs ?? {};
  const tasks = {};
  for (const [target, def] of Object.entries(nx.targetDefaults ?? {})) {
    const task = {};
    if (def.dependsOn) {
      task.dependsOn = def.dependsOn;
    }
    if (def.inputs) {
      task.inputs = [...new Set(def.inputs.flatMap((i) => translateInput(i, named)))];
    }
    task.outputs = (def.outputs ?? []).map((o) => `${o.replace('{projectRoot}/', '')}/**`);
    if (def.cache === false) {
      task.cache = false;
    }
    tasks[target] = task;
  }
  return {
    $schema: 'https://turborepo.com/schema.json',
    '//': 'Generated from nx.json by tools/scripts/src/gen-turbo.mjs. Do not edit: run `npm run gen:turbo`.',
    ui: 'stream',
    tasks,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const nx = JSON.parse(readFileSync(`${root}nx.json`, 'utf8'));
  const text = `${JSON.stringify(generateTurbo(nx), null, 2)}\n`;
  const path = `${root}turbo.json`;
  if (process.argv.includes('--check')) {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
    if (current !== text) {
      console.error('turbo.json is stale: run `npm run gen:turbo` and commit the result.');
      process.exit(1);
    }
    console.log('turbo.json is up to date with nx.json');
  } else {
    writeFileSync(path, text);
    console.log('wrote turbo.json');
  }
}
