/**
 * Types shared by the e2e tests and `run.mjs` (which implements them). A test file default-exports an array of
 * {@link E2eTest}; the runner gives each test a fresh browser context on the built demo.
 */
import type { Page } from 'playwright-core';

/** What a test gets. */
export interface E2eContext {
  page: Page;
  /** URL of the served demo, ending with `/`. */
  baseUrl: string;
  /** Saves a full-page screenshot to apps/demo/test-results/<name>.png and returns its path. */
  screenshot: (name: string) => Promise<string>;
  /** Requests that left 127.0.0.1 (they are aborted); tests assert this stays empty. */
  externalRequests: string[];
  /** CSP violations reported by the page (`securitypolicyviolation`). */
  cspViolations: () => Promise<string[]>;
  /** Uncaught page errors and console errors. */
  pageErrors: string[];
  log: (message: string) => void;
}

/** One e2e test. */
export interface E2eTest {
  name: string;
  /** Launch Chromium with `--enable-unsafe-webgpu` (WebGPU on SwiftShader). */
  webgpu: boolean;
  /** Per-test timeout in ms. Default: 180000. */
  timeoutMs?: number;
  run: (ctx: E2eContext) => Promise<void>;
}
