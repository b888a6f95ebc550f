import { describe, expect, it } from 'vitest';
import { buildCsp, MODEL_HOSTS } from '../src/csp.js';
import { describeModelSource, isAllowedModelHost, parseModelSource } from '../src/model-source.js';

const ORIGIN = 'http://127.0.0.1:4173';

describe('parseModelSource', () => {
  it('reads repo ids, with and without a revision', () => {
    expect(parseModelSource(' Qwen/Qwen2.5-VL-3B-Instruct ', ORIGIN)).toEqual({
      ok: true,
      source: { kind: 'hub', repo: 'Qwen/Qwen2.5-VL-3B-Instruct' },
    });
    expect(parseModelSource('haonan3/V1-7B@main', ORIGIN)).toEqual({
      ok: true,
      source: { kind: 'hub', repo: 'haonan3/V1-7B', revision: 'main' },
    });
  });

  it('turns huggingface.co page URLs into repo ids', () => {
    expect(parseModelSource('https://huggingface.co/Qwen/Qwen2.5-VL-3B-Instruct', ORIGIN)).toEqual({
      ok: true,
      source: { kind: 'hub', repo: 'Qwen/Qwen2.5-VL-3B-Instruct' },
    });
    expect(
      parseModelSource('https://huggingface.co/Qwen/Qwen2.5-VL-3B-Instruct/tree/refs%2Fpr%2F1', ORIGIN),
    ).toEqual({
      ok: true,
      source: { kind: 'hub', repo: 'Qwen/Qwen2.5-VL-3B-Instruct', revision: 'refs%2Fpr%2F1' },
    });
  });

  it('accepts same-origin folders and allowed hosts as URLs', () => {
    expect(parseModelSource('/models/mine/', ORIGIN)).toEqual({
      ok: true,
      source: { kind: 'url', url: `${ORIGIN}/models/mine/` },
    });
    expect(parseModelSource('https://cdn-lfs.hf.co/repos/x/', ORIGIN)).toEqual({
      ok: true,
      source: { kind: 'url', url: 'https://cdn-lfs.hf.co/repos/x/' },
    });
  });

  it('explains what it rejects', () => {
    const cases = ['', 'not a model', 'http://huggingface.co/Qwen/x', 'https://example.com/model/'];
    expect(cases.map((c) => parseModelSource(c, ORIGIN))).toMatchInlineSnapshot(`
      [
        {
          "ok": false,
          "reason": "Enter a Hugging Face repo id (owner/name) or a model folder URL.",
        },
        {
          "ok": false,
          "reason": ""not a model" is neither a repo id (owner/name) nor a URL.",
        },
        {
          "ok": false,
          "reason": "Model URLs must use https:// (or be on this page’s own origin).",
        },
        {
          "ok": false,
          "reason": "Downloads are limited to huggingface.co, *.huggingface.co, *.hf.co by the page’s Content-Security-Policy; example.com is not one of them.",
        },
      ]
    `);
  });

  it('describes sources for the status line', () => {
    expect(describeModelSource({ kind: 'hub', repo: 'a/b', revision: 'v1' })).toBe('a/b@v1');
    expect(describeModelSource({ kind: 'bundled', url: 'x', name: 'tiny' })).toBe('tiny (bundled)');
  });
});

describe('model hosts and the CSP agree', () => {
  it('matches wildcard hosts on a dot boundary only', () => {
    expect(isAllowedModelHost('huggingface.co')).toBe(true);
    expect(isAllowedModelHost('cdn-lfs-us-1.HF.co')).toBe(true);
    expect(isAllowedModelHost('evilhf.co')).toBe(false);
    expect(isAllowedModelHost('huggingface.co.evil.com')).toBe(false);
  });

  it('lists every model host in connect-src and nothing else external', () => {
    const csp = buildCsp();
    const connect = csp.split('; ').find((d) => d.startsWith('connect-src '));
    expect(connect?.split(' ').slice(1)).toEqual(["'self'", ...MODEL_HOSTS.map((h) => `https://${h}`)]);
  });
});

describe('buildCsp', () => {
  it('is strict in production: no eval, no inline script or style, no plugins, no base or form targets', () => {
    const directives = new Map(
      buildCsp()
        .split('; ')
        .map((d) => [d.split(' ')[0], d.split(' ').slice(1)] as const),
    );
    expect(directives.get('default-src')).toEqual(["'none'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('worker-src')).toEqual(["'self'"]);
    expect(buildCsp()).not.toMatch(/unsafe/);
  });

  it('relaxes only styles and the HMR socket for the dev server', () => {
    const dev = buildCsp({ dev: true });
    expect(dev).toContain("style-src 'self' 'unsafe-inline'");
    expect(dev).toMatch(/connect-src [^;]* ws:/);
    expect(dev).toContain("script-src 'self';");
  });
});
