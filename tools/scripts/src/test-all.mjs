#!/usr/bin/env node
// `npm test`: the README's test command and the body of .ci/run. Installs what it can, then runs every check:
// format, lint, import cycles, typecheck, build, all Vitest projects (Node, Node WebGPU on Dawn, Chromium),
// the demo's e2e tests, publish checks, generated-file drift and the consumer test. Ends with the line
// `N passed, N failed, N skipped` (Vitest tests + e2e tests + one per check) and exits non-zero on any failure.
//
// Options: --only a,b  run only these steps (names below); NEXTEVENT_SKIP_BROWSER=1 leaves out the browser project
// and e2e (reported as skipped, never as passed).
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, ensureInstalled, ensureVulkanDriver, run, useBatchToolEnv } from './env.mjs';

const CHROMIUM = process.env.NEXTEVENT_CHROMIUM ?? '/usr/bin/chromium';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? new Set(process.argv[onlyArg + 1].split(',')) : null;
const skipBrowser = process.env.NEXTEVENT_SKIP_BROWSER === '1';

useBatchToolEnv();

function banner(name) {
  console.log(`\n\u2500\u2500\u2500\u2500 ${name} ${'\u2500'.repeat(Math.max(0, 70 - name.length))}`);
}

/** A check that counts as one test: passes when the command exits 0. */
function check(name, cmd, args) {
  if (only && !only.has(name)) {
    return;
  }
  banner(name);
  const started = Date.now();
  const status = run(cmd, args);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (status === 0) {
    totals.passed++;
    console.log(`[${name}] ok (${secs} s)`);
  } else {
    totals.failed++;
    failures.push(name);
    console.log(`[${name}] FAILED with exit code ${status} (${secs} s)`);
  }
}

function skip(name, why) {
  if (only && !only.has(name)) {
    return;
  }
  banner(name);
  totals.skipped++;
  console.log(`[${name}] SKIPPED: ${why}`);
}

/** Runs Vitest with a JSON report and adds its test counts. */
function vitest() {
  if (only && !only.has('vitest')) {
    return;
  }
  banner('vitest');
  const report = join(ROOT, '.vitest-reports/results.json');
  rmSync(report, { force: true });
  mkdirSync(join(ROOT, '.vitest-reports'), { recursive: true });
  const args = ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`];
  if (skipBrowser) {
    args.push('--project', '!browser');
    totals.skipped++;
    console.log('[vitest] the browser project is SKIPPED (NEXTEVENT_SKIP_BROWSER=1)');
  }
  const status = run('npx', args);
  if (!existsSync(report)) {
    totals.failed++;
    failures.push('vitest (no report)');
    return;
  }
  const r = JSON.parse(readFileSync(report, 'utf8'));
  totals.passed += r.numPassedTests;
  totals.failed += r.numFailedTests;
  totals.skipped += r.numPendingTests + r.numTodoTests;
  console.log(
    `[vitest] ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
  if (r.numFailedTests > 0) {
    failures.push(`vitest: ${r.numFailedTests} failed tests`);
  }
  // Files that failed to load count no tests; exit status catches them.
  if (status !== 0 && r.numFailedTests === 0) {
    totals.failed++;
    failures.push(`vitest exited ${status} (a test file failed to load or an unhandled error)`);
  }
}

/** Runs a script that ends with its own `N passed, N failed` line and adds its counts. */
function counted(name, cmd, args) {
  if (only && !only.has(name)) {
    return;
  }
  banner(name);
  const res = spawnSync(cmd, args, {
    cwd: ROOT,
    env: process.env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  process.stdout.write(res.stdout ?? '');
  const m = /(\d+) passed, (\d+) failed/.exec(res.stdout ?? '');
  if (m) {
    totals.passed += Number(m[1]);
    totals.failed += Number(m[2]);
  }
  if (!m || res.status !== 0) {
    if (!m || Number(m[2]) === 0) {
      totals.failed++;
    }
    failures.push(`${name} (exit ${res.status})`);
  }
}

const started = Date.now();
ensureInstalled();
const driver = ensureVulkanDriver();
console.log(`[nextevent] Node WebGPU driver: ${driver}`);
if (!skipBrowser && !existsSync(CHROMIUM)) {
  console.error(
    `[nextevent] ${CHROMIUM} not found: the browser tests need Debian's chromium (apt-get install chromium) or ` +
      'NEXTEVENT_CHROMIUM=/path/to/chromium. NEXTEVENT_SKIP_BROWSER=1 leaves them out (reported as skipped).',
  );
  process.exit(1);
}
if (process.env.CI) {
  process.env.NEXTEVENT_REQUIRE_GPU = '1'; // in CI a missing adapter fails the smoke test instead of skipping
}

check('format', 'npx', ['prettier', '--check', '.', '--log-level', 'warn']);
check('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '--outputStyle=static']);
check('cycles', 'npm', ['run', '--silent', 'check:cycles']);
check('typecheck', 'npx', ['nx', 'run-many', '-t', 'typecheck', '--outputStyle=static']);
check('build', 'npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']);
vitest();
const demoPkg = JSON.parse(readFileSync(join(ROOT, 'apps/demo/package.json'), 'utf8'));
if (demoPkg.scripts?.e2e) {
  if (skipBrowser) {
    skip('e2e', 'NEXTEVENT_SKIP_BROWSER=1');
  } else {
    counted('e2e', 'npm', ['run', '--silent', 'e2e', '-w', '@nextevent/demo']);
  }
}
check('check-publish', 'npx', ['nx', 'run-many', '-t', 'check-publish', '--outputStyle=static']);
check('docblocks', 'node', ['tools/scripts/src/check-docblocks.mjs']);
check('pack-contents', 'node', ['tools/scripts/src/check-pack.mjs']);
check('generated-files', 'node', ['tools/scripts/src/check-generated.mjs']);
check('consumer', 'node', ['tools/scripts/src/consumer-test.mjs']);

const mins = ((Date.now() - started) / 60000).toFixed(1);
console.log(
  `\n[nextevent] finished in ${mins} min${failures.length ? `; failed: ${failures.join('; ')}` : ''}`,
);
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(totals.failed > 0 ? 1 : 0);
