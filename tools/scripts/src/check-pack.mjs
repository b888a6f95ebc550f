#!/usr/bin/env node
// Verifies with `npm pack --dry-run` that each public tarball holds only dist (JS + types + maps), README.md and
// package.json, and that every file its exports map points to (outside the source condition) is in it.
import { spawnSync } from 'node:child_process';
import { publicPackages } from './public-packages.mjs';

const ALLOWED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^dist\/.+\.(js|d\.ts|js\.map|d\.ts\.map)$/];
let bad = 0;

/** Every non-source target of an exports map. */
function exportTargets(exp) {
  if (typeof exp === 'string') {
    return [exp];
  }
  return Object.entries(exp ?? {}).flatMap(([k, v]) => (k === '@nextevent/source' ? [] : exportTargets(v)));
}

for (const { name, dir, pkg } of publicPackages()) {
  const res = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: dir,
    encoding: 'utf8',
  });
  if (res.status !== 0) {
    console.error(`${name}: npm pack failed\n${res.stderr}`);
    bad++;
    continue;
  }
  const files = JSON.parse(res.stdout)[0].files.map((f) => f.path);
  const stray = files.filter((f) => !ALLOWED.some((re) => re.test(f)));
  const missing = exportTargets(pkg.exports)
    .map((t) => t.replace(/^\.\//, ''))
    .filter((t) => t !== 'package.json' && !files.includes(t));
  if (!files.includes('README.md')) {
    missing.push('README.md');
  }
  if (stray.length || missing.length) {
    bad++;
    console.error(
      `${name}: ${stray.length ? `unexpected files ${stray.join(', ')}` : ''} ${missing.length ? `missing ${missing.join(', ')}` : ''}`,
    );
  } else {
    console.log(`${name}: ${files.length} files, ok`);
  }
}
process.exit(bad ? 1 : 0);
