/**
 * The page stays usable when things go wrong: the sample can't be fetched (error + retry), the video changes while
 * a prediction runs (the prediction stops; nothing of it lands on the new video), the model worker dies (pending
 * requests fail visibly, and loading the model again starts a fresh worker).
 */
import assert from 'node:assert/strict';
import type { E2eTest } from './harness.ts';

const tests: E2eTest[] = [
  {
    name: 'sample fetch failure → retry; new video during a prediction cancels it; worker crash → error → reload',
    webgpu: true,
    timeoutMs: 400_000,
    async run({ page, baseUrl, screenshot, externalRequests, cspViolations, pageErrors, log }) {
      // 1. The sample video cannot be fetched: the status says so and offers a retry.
      await page.route('**/sample.mp4', (route) => route.abort('failed'));
      await page.goto(baseUrl);
      await page.waitForSelector('body[data-page="app"]', { timeout: 60_000 });
      await page.click('#use-sample');
      await page.waitForSelector('#video-status.error', { timeout: 30_000 });
      const failed = (await page.textContent('#video-status')) ?? '';
      log(`fetch failure: ${failed}`);
      assert.match(failed, /^Could not fetch the sample video \(.+\)\. Try again$/);
      await page.unroute('**/sample.mp4');
      await page.click('#retry-sample');
      await page.waitForSelector('body[data-video="ready"]', { timeout: 120_000 });
      assert.match((await page.textContent('#video-status')) ?? '', /^sample\.mp4: 9\.\d\d s/);

      // 2. A new video while a prediction runs: the prediction stops and nothing of it is shown for the new video.
      await page.waitForSelector('body[data-model="ready"]', { timeout: 120_000 });
      await page.fill('#max-tokens', '200');
      await page.click('#predict');
      await page.waitForSelector('#output[data-tokens]', { timeout: 300_000 });
      const sample = Buffer.from(await (await fetch(new URL('sample.mp4', baseUrl))).arrayBuffer());
      await page.setInputFiles('#video-input', {
        name: 'another.mp4',
        mimeType: 'video/mp4',
        buffer: sample,
      });
      await page.waitForSelector('body[data-run="cancelled"]', { timeout: 120_000 });
      assert.equal(await page.textContent('#output'), '', 'the old video’s tokens are cleared');
      await page.waitForSelector('body[data-video="ready"]', { timeout: 120_000 });
      assert.match((await page.textContent('#video-status')) ?? '', /^another\.mp4: /);
      await page.waitForSelector('#predict:not([disabled])', { timeout: 60_000 });
      assert.equal(await page.getAttribute('#run-state', 'data-state'), 'cancelled');
      assert.match((await page.textContent('#run-detail')) ?? '', /new video was chosen/);
      assert.equal(await page.isVisible('#future-veil'), true, 'the new video’s future stays hidden');
      assert.equal(await page.textContent('#output'), '');

      // 3. The worker dies during a prediction: the request fails visibly, the page is usable, a reload recovers.
      await page.click('#predict');
      await page.waitForSelector('#output[data-tokens]', { timeout: 300_000 });
      const worker = page.workers().find((w) => w.url().includes('worker'));
      assert.ok(
        worker,
        `the model worker (${page
          .workers()
          .map((w) => w.url())
          .join(', ')})`,
      );
      await worker.evaluate(() => {
        setTimeout(() => {
          throw new Error('simulated crash');
        });
      });
      await page.waitForSelector('body[data-run="error"]', { timeout: 60_000 });
      const detail = (await page.textContent('#run-detail')) ?? '';
      log(`crash: ${detail}`);
      assert.match(detail, /^WorkerCrashedError: The model worker stopped \(.*simulated crash\)/);
      assert.match((await page.textContent('#model-status')) ?? '', /model worker stopped/);
      assert.equal(await page.isEnabled('#cancel'), false, 'nothing is left running');
      assert.equal(await page.isEnabled('#predict'), false, 'no model until it is loaded again');
      assert.equal(await page.isEnabled('#load-model'), true);
      assert.equal(await page.isVisible('#future-veil'), true);
      log(`screenshot: ${await screenshot('demo-worker-crash')}`);
      await page.click('#load-model');
      await page.waitForSelector('body[data-model="ready"]', { timeout: 120_000 });
      await page.waitForSelector('#predict:not([disabled])', { timeout: 10_000 });

      assert.deepEqual(
        pageErrors.filter((e) => !/Failed to load resource/.test(e)),
        [],
      );
      assert.deepEqual(externalRequests, []);
      assert.deepEqual(await cspViolations(), []);
    },
  },
];

export default tests;
