/**
 * Model loading: the bundled model is cached (a reload makes no request for its weights), and a Hugging Face
 * download happens only when the user asks for one (the test blocks it, as it blocks everything off 127.0.0.1).
 */
import assert from 'node:assert/strict';
import type { E2eTest } from './harness.ts';

const tests: E2eTest[] = [
  {
    name: 'bundled model: second load comes from the cache; hub downloads only on request, with a clear error offline',
    webgpu: true,
    timeoutMs: 300_000,
    async run({ page, baseUrl, externalRequests, cspViolations, log }) {
      const weightRequests: string[] = [];
      page.on('request', (request) => {
        if (request.url().endsWith('/model.safetensors')) {
          weightRequests.push(request.url());
        }
      });

      // Record every progress line the picker shows.
      await page.addInitScript(() => {
        const seen: string[] = [];
        (window as unknown as { __progress: string[] }).__progress = seen;
        new MutationObserver(() => {
          const text = document.querySelector('#model-progress-text')?.textContent ?? '';
          if (text !== '' && seen.at(-1) !== text) {
            seen.push(text);
          }
        }).observe(document, { subtree: true, childList: true, characterData: true });
      });
      await page.goto(baseUrl);
      await page.waitForSelector('body[data-model="ready"]', { timeout: 120_000 });
      const first = (await page.textContent('#model-status')) ?? '';
      const progress = await page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
      log(
        `first load: ${first}; progress: ${progress.length} updates, last ${JSON.stringify(progress.at(-1))}`,
      );
      // The size the progress line must show, from the server's own Content-Length (not from the app).
      const head = await fetch(new URL('models/tiny-qwen2_5-vl-demo/model.safetensors', baseUrl), {
        method: 'HEAD',
      });
      const mib = Number(head.headers.get('content-length')) / 2 ** 20;
      const size = `${mib.toFixed(mib < 10 ? 2 : 1)} MiB`;
      assert.ok(
        progress.some((p) => p.startsWith('Downloading model.safetensors: ') && p.endsWith(` of ${size}`)),
        `download progress with the file size (${size})`,
      );
      assert.equal(weightRequests.length, 1, 'the weights are fetched once');
      assert.doesNotMatch(first, /from cache/);

      await page.reload();
      await page.waitForSelector('body[data-model="ready"]', { timeout: 120_000 });
      const second = (await page.textContent('#model-status')) ?? '';
      log(`second load: ${second}`);
      assert.match(second, /from cache/);
      assert.equal(weightRequests.length, 1, 'the second load makes no request for the weights');

      // Nothing external so far; then the user asks for a hub model.
      assert.deepEqual(externalRequests, []);
      await page.check('#model-hub');
      await page.fill('#model-id', 'https://example.com/model/');
      await page.click('#load-model');
      assert.match((await page.textContent('#model-status')) ?? '', /Content-Security-Policy; example\.com/);
      assert.equal(await page.getAttribute('#model-id', 'aria-invalid'), 'true');
      assert.deepEqual(externalRequests, [], 'a rejected host is never contacted');

      await page.fill('#model-id', 'Qwen/Qwen2.5-VL-3B-Instruct');
      await page.click('#load-model');
      await page.waitForSelector('#model-status.error', { timeout: 60_000 });
      log(`offline hub load: ${await page.textContent('#model-status')}`);
      assert.match(
        (await page.textContent('#model-status')) ?? '',
        /Could not load Qwen\/Qwen2\.5-VL-3B-Instruct/,
      );
      // (assert.deepEqual above narrowed the array's type to never[]; it has grown since.)
      const attempted: string[] = [...externalRequests];
      assert.ok(attempted.length > 0, 'the download was attempted');
      for (const url of attempted) {
        assert.match(new URL(url).hostname, /(^|\.)(huggingface\.co|hf\.co)$/, `only model hosts: ${url}`);
      }
      assert.deepEqual(await cspViolations(), []);
    },
  },
];

export default tests;
