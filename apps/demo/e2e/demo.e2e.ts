/** The demo with WebGPU (SwiftShader): sample video, streamed free-text prediction, scored multiple choice. */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { E2eTest } from './harness.ts';

/** Records every change of the output text while the run state is "generating" (proves tokens stream in). */
async function watchStream(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __streamUpdates: string[] };
    w.__streamUpdates = [];
    const output = document.querySelector('#output');
    const state = document.querySelector('#run-state');
    if (!output || !state) {
      throw new Error('output panel missing');
    }
    new MutationObserver(() => {
      if (state.getAttribute('data-state') === 'generating') {
        w.__streamUpdates.push(output.textContent ?? '');
      }
    }).observe(output, { characterData: true, childList: true, subtree: true });
  });
}

async function runState(page: Page): Promise<string | null> {
  return page.getAttribute('#run-state', 'data-state');
}

const tests: E2eTest[] = [
  {
    name: 'sample video → streamed prediction → multiple choice scored; no external requests, no CSP violations',
    webgpu: true,
    timeoutMs: 400_000,
    async run({ page, baseUrl, screenshot, externalRequests, cspViolations, pageErrors, log }) {
      await page.goto(baseUrl);
      await page.waitForSelector('body[data-page="app"]', { timeout: 60_000 });

      // WebGPU capability panel.
      await page.click('#gpu-chip');
      const gpu = (await page.textContent('#gpu-panel')) ?? '';
      assert.match(gpu, /shader-f16/);
      assert.match(gpu, /maxStorageBufferBindingSize/);
      await page.click('#gpu-chip');

      // The bundled model loads by default and is labelled as untrained.
      await page.waitForSelector('body[data-model="ready"]', { timeout: 120_000 });
      const model = (await page.textContent('#model-status')) ?? '';
      log(`model: ${model}`);
      assert.match(model, /untrained demo weights/);

      // The sample video: probed, two scene cuts, split suggested at the 3 s cut.
      await page.click('#use-sample');
      await page.waitForSelector('body[data-video="ready"]', { timeout: 120_000 });
      log(`video: ${await page.textContent('#video-status')}`);
      const cuts = await page.$$eval('.cut-chip', (els) => els.map((e) => e.textContent));
      assert.deepEqual(cuts, ['Scene cut 0:03.00', 'Scene cut 0:06.00']);
      assert.equal(await page.getAttribute('#split', 'aria-valuetext'), '0:03.00 (scene cut)');
      assert.equal(await page.isVisible('#future-veil'), true, 'the future is hidden before the prediction');

      // Keyboard: Page Down jumps to the next cut, Page Up back.
      await page.focus('#split');
      await page.keyboard.press('PageDown');
      assert.equal(await page.getAttribute('#split', 'aria-valuetext'), '0:06.00 (scene cut)');
      await page.keyboard.press('PageUp');
      assert.equal(await page.getAttribute('#split', 'aria-valuetext'), '0:03.00 (scene cut)');

      // Free text, streamed. Few tokens: WebGPU on SwiftShader (a CPU emulation) decodes slowly.
      await page.fill('#max-tokens', '3');
      await watchStream(page);
      await page.click('#predict');
      await page.waitForFunction(
        () => document.querySelector('#run-state')?.getAttribute('data-state') !== 'idle',
      );
      await page.waitForSelector('#run-state[data-state="done"], #run-state[data-state="error"]', {
        timeout: 300_000,
      });
      assert.equal(await runState(page), 'done', `run failed: ${await page.textContent('#run-detail')}`);
      const updates = await page.evaluate(
        () => (window as unknown as { __streamUpdates: string[] }).__streamUpdates,
      );
      const text = (await page.textContent('#output')) ?? '';
      log(`free text: ${JSON.stringify(text)} (${updates.length} streamed updates)`);
      assert.ok(updates.length >= 2, `tokens streamed one by one (saw ${updates.length} updates)`);
      assert.ok(text.length > 0);
      assert.equal(await page.isVisible('#output-untrained'), true, 'untrained output is labelled as such');
      const timings: Record<string, string> = await page.$$eval('#timings dd', (els) =>
        Object.fromEntries(els.map((e) => [e.getAttribute('data-key') ?? '', e.textContent ?? ''])),
      );
      log(`timings: ${JSON.stringify(timings)}`);
      assert.match(timings.frames ?? '', /^\d+ \(/);
      assert.match(timings.prefill ?? '', /tok\/s/);
      assert.match(timings.decode ?? '', /tok\/s|–/);
      assert.ok((await page.$$('#frames canvas')).length >= 2, 'sampled frames are shown');
      assert.equal(
        await page.isVisible('#future-veil'),
        false,
        'the future is revealed after the prediction',
      );
      log(`screenshot: ${await screenshot('demo-prediction')}`);

      // Cancel: a long run stops after its first token; the page says so and is ready for the next request.
      await page.fill('#max-tokens', '200');
      await page.click('#predict');
      await page.waitForSelector('#output[data-tokens]', { timeout: 300_000 });
      assert.equal(await page.isEnabled('#cancel'), true);
      await page.click('#cancel');
      await page.waitForSelector('#run-state[data-state="cancelled"]', { timeout: 120_000 });
      assert.equal(await page.isEnabled('#predict'), true);
      assert.equal(await page.isVisible('#future-veil'), true, 'a cancelled run does not reveal the future');
      log(`cancelled after: ${JSON.stringify(await page.textContent('#output'))}`);

      // FutureBench multiple choice, scored.
      await page.click('#tab-mc');
      await page.waitForSelector('#doc-select option', { state: 'attached' });
      assert.equal(await page.inputValue('#max-tokens'), '16', "FutureBench's reference max_new_tokens");
      await page.fill('#max-tokens', '2');
      await page.click('#predict');
      await page.waitForSelector('#mc-result:not([hidden])', { timeout: 300_000 });
      const verdict = (await page.textContent('#mc-result')) ?? '';
      log(`verdict: ${verdict}`);
      assert.match(verdict, /^[✓✗](Correct|Wrong) · predicted .+ · answer B$/);
      assert.equal((await page.$$('#mc-options li.answer')).length, 1);
      log(`screenshot: ${await screenshot('demo-multiple-choice')}`);

      assert.deepEqual(pageErrors, []);
      assert.deepEqual(externalRequests, []);
      assert.deepEqual(await cspViolations(), []);
    },
  },
];

export default tests;
