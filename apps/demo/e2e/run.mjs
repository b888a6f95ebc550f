#!/usr/bin/env node
// End-to-end tests of the built demo: serves apps/demo/dist with `vite preview` on 127.0.0.1 (free port), drives
// Debian's Chromium headless through playwright-core, runs every e2e/*.e2e.ts (transpiled with TypeScript), and
// prints `N passed, N failed`. Exit status 1 on any failure. Screenshots go to apps/demo/test-results/.
// Options: --grep <text> (run matching tests), NEXTEVENT_CHROMIUM=<path> (default /usr/bin/chromium).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { chromium } from 'playwright-core';
import { DEMO_ROOT, startPreview } from '../serve.mjs';

const CHROMIUM = process.env.NEXTEVENT_CHROMIUM ?? '/usr/bin/chromium';
const BASE_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
];
const WEBGPU_ARGS = ['--enable-unsafe-webgpu'];
const RESULTS = join(DEMO_ROOT, 'test-results');
const E2E_DIR = join(DEMO_ROOT, 'e2e');

const argv = process.argv.slice(2);
const grep = argv.includes('--grep') ? argv[argv.indexOf('--grep') + 1] : undefined;

/** Transpiles the e2e .ts files into a temp folder (type-only imports vanish) and imports them. */
async function loadTests() {
  const out = mkdtempSync(join(tmpdir(), 'nextevent-e2e-'));
  const files = readdirSync(E2E_DIR)
    .filter((f) => f.endsWith('.e2e.ts'))
    .sort();
  const tests = [];
  try {
    for (const file of files) {
      const source = readFileSync(join(E2E_DIR, file), 'utf8');
      const { outputText } = ts.transpileModule(source, {
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2022,
          verbatimModuleSyntax: true,
        },
        fileName: file,
      });
      const target = join(out, file.replace(/\.ts$/, '.mjs'));
      writeFileSync(target, outputText);
      const mod = await import(pathToFileURL(target).href);
      for (const test of mod.default ?? []) {
        tests.push({ ...test, file });
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return tests;
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function runTest(test, baseUrl) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...BASE_ARGS, ...(test.webgpu ? WEBGPU_ARGS : [])],
  });
  const externalRequests = [];
  const pageErrors = [];
  try {
    const context = await browser.newContext({
      viewport: { width: 1360, height: 900 },
      deviceScaleFactor: 1,
    });
    await context.route('**/*', (route) => {
      const url = new URL(route.request().url());
      if (url.protocol === 'blob:' || url.protocol === 'data:' || url.hostname === '127.0.0.1') {
        return route.continue();
      }
      externalRequests.push(url.href);
      return route.abort('blockedbyclient');
    });
    await context.addInitScript(() => {
      globalThis.__cspViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => {
        globalThis.__cspViolations.push(
          `${e.violatedDirective} blocked ${e.blockedURI} at ${e.sourceFile}:${e.lineNumber}:${e.columnNumber}`,
        );
      });
    });
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') {
        pageErrors.push(`console.error: ${message.text()}`);
      }
    });
    const ctx = {
      page,
      baseUrl,
      externalRequests,
      pageErrors,
      log: (message) => console.log(`    ${message}`),
      cspViolations: () => page.evaluate(() => globalThis.__cspViolations ?? []),
      screenshot: async (name) => {
        mkdirSync(RESULTS, { recursive: true });
        const path = join(RESULTS, `${name}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
    };
    await withTimeout(test.run(ctx), test.timeoutMs ?? 180_000, test.name);
  } finally {
    await browser.close();
  }
}

const tests = (await loadTests()).filter((t) => grep === undefined || t.name.includes(grep));
let server;
try {
  server = await startPreview({ quiet: true });
} catch (error) {
  console.error(`e2e: ${error.message}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
console.log(`e2e: serving ${server.url} · chromium ${CHROMIUM} · ${tests.length} tests`);
let passed = 0;
let failed = 0;
for (const test of tests) {
  const started = Date.now();
  try {
    await runTest(test, server.url);
    passed += 1;
    console.log(`  ✓ ${test.file} › ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (error) {
    failed += 1;
    console.log(`  ✗ ${test.file} › ${test.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    console.log(
      `    ${String(error?.stack ?? error)
        .split('\n')
        .slice(0, 6)
        .join('\n    ')}`,
    );
  }
}
await server.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || tests.length === 0 ? 1 : 0);
