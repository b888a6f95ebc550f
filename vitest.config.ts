import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { playwright } from '@vitest/browser-playwright';

/** Debian's chromium; override with NEXTEVENT_CHROMIUM. */
const CHROMIUM = process.env.NEXTEVENT_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--enable-unsafe-webgpu',
];
const PACKAGES = ['dataset', 'video', 'kernels', 'vlm', 'futurebench', 'curate'];
const conditions = ['@nextevent/source'];
const resolve = { conditions: [...conditions, 'module', 'browser', 'development|production'] };
const ssr = {
  resolve: {
    conditions: [...conditions, 'node', 'module', 'development|production'],
    externalConditions: conditions,
  },
};

/** One Node project per package: fast unit tests, no GPU, no browser. */
/** Project roots are absolute so package scripts (`vitest --config ../../vitest.config.ts`) work from any folder. */
const ROOT = import.meta.dirname;

const nodeProject = (name: string, root: string): TestProjectInlineConfiguration => ({
  resolve,
  ssr,
  test: {
    name,
    root: `${ROOT}/${root}`,
    environment: 'node',
    include: ['test/**/*.test.ts'],
    exclude: ['test/**/*.browser.test.ts', 'test/**/*.gpu.test.ts', '**/node_modules/**'],
    testTimeout: 60_000,
  },
});

export default defineConfig({
  root: ROOT,
  test: {
    root: ROOT,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: '.vitest-reports/results.json' },
    projects: [
      ...PACKAGES.map((p) => nodeProject(p, `packages/${p}`)),
      nodeProject('eval', 'apps/eval'),
      nodeProject('demo', 'apps/demo'),
      nodeProject('testing', 'tools/testing'),
      nodeProject('scripts', 'tools/scripts'),
      {
        // Real WGSL on Dawn (the `webgpu` package) over a Vulkan software driver (lavapipe 25 or SwiftShader).
        resolve,
        ssr,
        test: {
          name: 'gpu-node',
          include: ['packages/*/test/**/*.gpu.test.ts', 'tools/testing/test/**/*.gpu.test.ts'],
          environment: 'node',
          setupFiles: ['tools/testing/src/setup-dawn.ts'],
          provide: { requireGpu: process.env.NEXTEVENT_REQUIRE_GPU === '1' },
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        // The same GPU tests plus browser-only tests in headless Chromium (WebGPU on its SwiftShader, WebCodecs).
        resolve,
        test: {
          name: 'browser',
          include: [
            'packages/*/test/**/*.gpu.test.ts',
            'packages/*/test/**/*.browser.test.ts',
            'tools/testing/test/**/*.gpu.test.ts',
          ],
          provide: { requireGpu: true },
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            screenshotFailures: false,
            provider: playwright({ launchOptions: { executablePath: CHROMIUM, args: CHROMIUM_ARGS } }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
