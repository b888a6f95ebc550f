// http(s) sources (a loopback server, no network): bounded retries, HttpError for error statuses, and `signal`
// honoured while opening and indexing.
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CustomSource } from 'mediabunny';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectScenes, HttpError, probe, sampleFrames, split } from '@nextevent/video';
import { clip } from './clips.js';

let server: Server;
let base = '';
let clipBytes: Uint8Array;
const hits = new Map<string, number>();

/** Serves `bytes` with range support. */
function serveBytes(req: IncomingMessage, res: ServerResponse, bytes: Uint8Array): void {
  const m = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
  if (!m) {
    res.writeHead(200, { 'Content-Length': bytes.length, 'Accept-Ranges': 'bytes' }).end(bytes);
    return;
  }
  const start = Number(m[1]);
  const end = m[2] ? Math.min(Number(m[2]), bytes.length - 1) : bytes.length - 1;
  res
    .writeHead(206, {
      'Content-Range': `bytes ${start}-${end}/${bytes.length}`,
      'Content-Length': end - start + 1,
    })
    .end(bytes.subarray(start, end + 1));
}

beforeAll(async () => {
  clipBytes = readFileSync(await clip('h264'));
  server = createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    if (path === '/clip.mp4') {
      serveBytes(req, res, clipBytes);
    } else if (path.startsWith('/status/')) {
      res.writeHead(Number(path.split('/')[2])).end('nope');
    } else if (path === '/flaky.mp4') {
      // Fails the first request with a 503, then serves the clip.
      if (hits.get(path) === 1) {
        res.writeHead(503).end();
      } else {
        serveBytes(req, res, clipBytes);
      }
    } else if (path.startsWith('/hang')) {
      // Never answers (until the client gives up).
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** The settled outcome of `p` and how long it took (ms). */
async function settle(p: Promise<unknown>): Promise<{ value: unknown; ms: number }> {
  const t0 = performance.now();
  const value = await p.catch((e: unknown) => e);
  return { value, ms: performance.now() - t0 };
}

describe('http sources', () => {
  it('probes a clip served with range requests', async () => {
    const info = await probe(`${base}/clip.mp4`);
    expect(info.frames).toBe(180);
  });

  it('an error status is an HttpError naming the URL and the status, not retried when it is a 4xx', async () => {
    const url = `${base}/status/404`;
    const err = await probe(url).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err).toMatchObject({ url, status: 404 });
    expect(String(err)).toBe(`HttpError: ${url}: the server answered HTTP 404 Not Found`);
    expect(hits.get('/status/404')).toBe(1);
  });

  it('a 5xx is retried httpRetries times, then an HttpError', async () => {
    const url = `${base}/status/500`;
    const err = await probe(url, { httpRetries: 1 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'HttpError', url, status: 500 });
    expect(hits.get('/status/500')).toBe(2);
    const split500 = await split(`${base}/status/502`, 1, { httpRetries: 0 }).catch((e: unknown) => e);
    expect(split500).toMatchObject({ name: 'HttpError', status: 502 });
    expect(hits.get('/status/502')).toBe(1);
  });

  it('a transient 503 is retried and the probe succeeds', async () => {
    expect((await probe(`${base}/flaky.mp4`)).frames).toBe(180);
    expect(hits.get('/flaky.mp4')).toBeGreaterThan(1);
  });

  it('a refused connection settles with an HttpError (status null) after the default 2 retries', async () => {
    const { value, ms } = await settle(probe('http://127.0.0.1:1/x.mp4'));
    expect(value).toBeInstanceOf(HttpError);
    expect(value).toMatchObject({ url: 'http://127.0.0.1:1/x.mp4', status: null });
    expect(String(value)).toMatch(
      /^HttpError: http:\/\/127\.0\.0\.1:1\/x\.mp4: the request failed \(fetch failed/,
    );
    expect(ms).toBeGreaterThan(700); // 0.25 s + 0.5 s of backoff
    expect(ms).toBeLessThan(5000);
  });

  it('rejects a bad httpRetries with a TypeError', async () => {
    await expect(probe(`${base}/clip.mp4`, { httpRetries: -1 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`options.httpRetries\`, when provided, must be an integer >= 0, got -1.]`,
    );
  });
});

describe('signal aborts while opening (a server that never answers)', () => {
  for (const [name, run] of [
    ['probe', (url: string, signal: AbortSignal) => probe(url, { signal })],
    ['split', (url: string, signal: AbortSignal) => split(url, 1, { signal })],
    ['sampleFrames', (url: string, signal: AbortSignal) => sampleFrames(url, { signal })],
    ['detectScenes', (url: string, signal: AbortSignal) => detectScenes(url, { signal })],
  ] as const) {
    it(`${name} rejects with the reason at once`, async () => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(new Error('stop')), 30);
      const { value, ms } = await settle(run(`${base}/hang-${name}`, controller.signal));
      expect(String(value)).toBe('Error: stop');
      expect(ms).toBeLessThan(500);
    });
  }
});

describe('signal aborts while reading a slow source', () => {
  it('probe rejects right after the abort, not when the reads end', async () => {
    const bytes = readFileSync(await clip('longgop'));
    let reads = 0;
    const slow = new CustomSource({
      getSize: () => bytes.length,
      read: async (start, end) => {
        reads++;
        await new Promise((r) => setTimeout(r, 20));
        return bytes.subarray(start, end);
      },
    });
    const controller = new AbortController();
    const running = probe(slow, { signal: controller.signal });
    await new Promise((r) => setTimeout(r, 50));
    const t0 = performance.now();
    controller.abort(new Error('stop'));
    const value = await running.catch((e: unknown) => e);
    expect(String(value)).toBe('Error: stop');
    expect(performance.now() - t0).toBeLessThan(50);
    expect(reads).toBeGreaterThan(0);
  });
});
