// The public (published) workspaces: every packages/* whose package.json is not private.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './env.mjs';

/** @returns {{ name: string, dir: string, pkg: any }[]} */
export function publicPackages() {
  return readdirSync(join(ROOT, 'packages'))
    .map((d) => join(ROOT, 'packages', d))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, pkg: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
    .filter(({ pkg }) => !pkg.private)
    .map(({ dir, pkg }) => ({ name: pkg.name, dir, pkg }));
}
