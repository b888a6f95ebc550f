/** The demo with WebGPU (SwiftShader): sample video, streamed free-text prediction, scored multiple choice. */
import assert from 'node:assert/strict';
import type { E2eTest } from './harness.ts';

const tests: E2eTest[] = [
  {
    name: 'sample video → streamed prediction → multiple choice scored, no external requests, no CSP violations',
    webgpu: true,
    timeoutMs: 400_000,
    async run({ page, baseUrl, screenshot, externalRequests, cspViolations, pageErrors, log }) {
      await page.goto(baseUrl);
      await page.waitForSelector('body[data-page="app"]', { timeout: 60_000 });
      await page.click('#gpu-chip');
      const gpu = await page.textContent('#gpu-panel');
      assert.match(gpu ?? '', /shader-f16/);
      await page.click('#gpu-chip');

      await page.click('#use-sample');
      await page.waitForSelector('body[data-video="ready"]', { timeout: 120_000 });
      const status = await page.textContent('#video-status');
      log(`video: ${status}`);
      assert.match(status ?? '', /9\.\d+ s/);
      log(`screenshot: ${await screenshot('demo-video')}`);
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(externalRequests, []);
      assert.deepEqual(await cspViolations(), []);
    },
  },
];

export default tests;
