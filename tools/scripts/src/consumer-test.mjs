#!/usr/bin/env node
// The consumer test: packs every public package, installs the tarballs into a scratch project outside the
// workspace (as a user would from npm), imports each entry point in Node and bundles each for the browser with
// Vite. A missing file, a wrong export, a leaked dev dependency or a Node builtin in a browser entry fails it.
// Entry points named `./node` are Node-only and are not bundled for the browser.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './env.mjs';
import { publicPackages } from './public-packages.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'nextevent-consumer-'));
const tarballs = join(scratch, 'tarballs');
mkdirSync(tarballs);
let failed = 0;

function sh(cmd, args, cwd) {
  const res = spawnSync(cmd, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ONNXRUNTIME_NODE_INSTALL: 'skip' },
  });
  return { ok: res.status === 0, out: `${res.stdout ?? ''}${res.stderr ?? ''}` };
}

function fail(what, out) {
  failed++;
  const lines = out.trim().split('\n');
  console.error(`FAIL ${what}\n${[...lines.slice(0, 8), '…', ...lines.slice(-6)].join('\n')}`);
}

const packages = publicPackages();
for (const { name, dir } of packages) {
  const r = sh('npm', ['pack', '--ignore-scripts', '--pack-destination', tarballs], dir);
  if (!r.ok) {
    fail(`npm pack ${name}`, r.out);
  }
}
writeFileSync(
  join(scratch, 'package.json'),
  JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
);
const files = readdirSync(tarballs).map((f) => join(tarballs, f));
const install = sh('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', ...files], scratch);
if (!install.ok) {
  fail('npm install of the tarballs', install.out);
  process.exit(1);
}
console.log(`installed ${files.length} tarballs into ${scratch}`);

const optionalPeers = new Set(packages.flatMap(({ pkg }) => Object.keys(pkg.peerDependenciesMeta ?? {})));
const browserEntries = [];
for (const { name, pkg } of packages) {
  for (const sub of Object.keys(pkg.exports ?? { '.': {} })) {
    if (sub === './package.json') {
      continue;
    }
    const spec = sub === '.' ? name : `${name}/${sub.slice(2)}`;
    const code = `const m = await import(${JSON.stringify(spec)}); const n = Object.keys(m).length;
if (n === 0) { throw new Error('no exports'); } console.log(${JSON.stringify(spec)} + ': ' + n + ' exports');`;
    const r = sh('node', ['--input-type=module', '-e', code], scratch);
    if (r.ok) {
      process.stdout.write(`node   ${r.out}`);
    } else {
      fail(`import ${spec} in Node`, r.out);
    }
    if (sub !== './node') {
      browserEntries.push(spec);
    }
  }
}

// Browser bundles: one entry per public entry point; Node builtins are an error, optional peers stay external.
const entries = {};
browserEntries.forEach((spec, i) => {
  const file = join(scratch, `entry-${i}.js`);
  writeFileSync(file, `import * as m from ${JSON.stringify(spec)};\nconsole.log(Object.keys(m));\n`);
  entries[spec.replace(/[@/]/g, '_')] = file;
});
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const viteConfig = join(scratch, 'vite.config.mjs');
writeFileSync(
  viteConfig,
  `export default {
  root: ${JSON.stringify(scratch)},
  logLevel: 'warn',
  plugins: [{
    name: 'no-node-builtins',
    resolveId(id, importer) {
      if (${JSON.stringify([...builtins])}.includes(id)) {
        throw new Error('browser bundle imports Node builtin ' + id + ' from ' + importer);
      }
      return null;
    },
  }],
  build: {
    outDir: 'dist', emptyOutDir: true, target: 'es2022', minify: false,
    rollupOptions: { input: ${JSON.stringify(entries)}, external: ${JSON.stringify([...optionalPeers])} },
  },
};\n`,
);
const bundle = sh(
  'node',
  [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', viteConfig],
  scratch,
);
if (bundle.ok) {
  console.log(`browser bundle of ${browserEntries.length} entry points: ok`);
} else {
  fail('browser bundle with Vite', bundle.out);
}
if (!failed) {
  rmSync(scratch, { recursive: true, force: true });
}
console.log(failed ? `consumer test: ${failed} failure(s); scratch kept at ${scratch}` : 'consumer test: ok');
process.exit(failed ? 1 : 0);
