import { describe, expect, it } from 'vitest';
import { loadModel } from '@nextevent/vlm';
import { fixtureUrl, loadCase, maxAbs } from './gpu-fixtures.js';

describe('URL source in a browser: Cache Storage', () => {
  it('downloads once into Cache Storage, reloads from it, same logits', async () => {
    const base = fixtureUrl('fixtures/tiny-qwen2_5-vl/');
    const cacheName = `vlm-test-${Date.now()}`;
    await caches.delete(cacheName);
    const progress: string[] = [];
    const m1 = await loadModel(base, {
      backend: 'cpu',
      cacheName,
      onProgress: (p) => progress.push(p.phase),
    });
    const cache = await caches.open(cacheName);
    const keys = (await cache.keys()).map((r) => decodeURIComponent(r.url));
    expect(keys.some((k) => k.endsWith('/model.safetensors'))).toBe(true);
    expect(keys.some((k) => k.endsWith('/config.json'))).toBe(true);
    expect(progress).toContain('download');
    expect(progress.at(-1)).toBe('ready');
    // Second load: everything from the cache (a failing fetch proves no network is used for cached files).
    const m2 = await loadModel(base, {
      backend: 'cpu',
      cacheName,
      fetch: (input) => {
        const url = input instanceof Request ? input.url : input instanceof URL ? input.href : input;
        return url.endsWith('.safetensors') || url.endsWith('/config.json')
          ? Promise.reject(new Error(`unexpected fetch ${url}`))
          : fetch(input);
      },
    });
    const c = await loadCase('a_text');
    const a = await m1.forward(c.inputs);
    const b = await m2.forward(c.inputs);
    expect(maxAbs(a.logits, b.logits)).toBe(0);
    expect(maxAbs(a.logits, await c.f32('logits'))).toBeLessThan(1e-5);
    await caches.delete(cacheName);
  });
});
