/** Without --enable-unsafe-webgpu, headless Chromium on Linux grants no adapter: the page must explain what to do. */
import assert from 'node:assert/strict';
import type { E2eTest } from './harness.ts';

const tests: E2eTest[] = [
  {
    name: 'shows the "no WebGPU" page with the Linux flag when launched without WebGPU',
    webgpu: false,
    async run({ page, baseUrl, screenshot, externalRequests, cspViolations, log }) {
      await page.goto(baseUrl);
      await page.waitForSelector('#unsupported', { timeout: 30_000 });
      assert.equal(await page.getAttribute('body', 'data-page'), 'unsupported');
      const title = await page.textContent('#unsupported-title');
      assert.match(title ?? '', /WebGPU/);
      const items = await page.$$eval('.missing-item', (els) =>
        els.map((e) => e.getAttribute('data-feature')),
      );
      assert.ok(
        items.includes('webgpu') || items.includes('webgpu-adapter'),
        `WebGPU listed as missing: ${items.join(',')}`,
      );
      assert.ok(!items.includes('webcodecs'), 'WebCodecs is available in Chromium and must not be listed');
      const advice = await page.textContent('.missing-item[data-feature^="webgpu"]');
      assert.match(advice ?? '', /--enable-unsafe-webgpu/);
      assert.match(advice ?? '', /chrome:\/\/flags\/#enable-unsafe-webgpu/);
      // The demo itself is not mounted: no worker, no model download.
      assert.equal(await page.$('#predict'), null);
      log(`screenshot: ${await screenshot('no-webgpu')}`);
      assert.deepEqual(externalRequests, []);
      assert.deepEqual(await cspViolations(), []);
    },
  },
];

export default tests;
