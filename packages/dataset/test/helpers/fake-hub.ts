import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeFile {
  path: string;
  content: Buffer;
  /** Listed as an LFS file (sha256 oid); otherwise as a git blob (sha1 oid). */
  lfs?: boolean;
}

export interface FakeHubBehaviour {
  /** Cut the connection after this many bytes of the next body of these paths (once). */
  interruptOnce?: Map<string, number>;
  /** Serve these paths with one byte flipped. */
  corrupt?: Set<string>;
  /** Answer range requests with the whole file (200), except the `bytes=0-0` size probe. */
  ignoreRange?: boolean;
}

export interface FakeHub {
  url: string;
  requests: { method: string; url: string; range?: string }[];
  behaviour: FakeHubBehaviour;
  close(): Promise<void>;
}

const REPO = 'haonan3/V1-33K';

/**
 * A loopback server answering the hub endpoints @huggingface/hub calls: the paginated tree listing
 * (`/api/datasets/<repo>/tree/<rev>`, `Link: <…>; rel="next"`) and `resolve` downloads with Range support.
 */
export async function startFakeHub(files: FakeFile[], behaviour: FakeHubBehaviour = {}): Promise<FakeHub> {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const requests: FakeHub['requests'] = [];
  const listing = files.map((f) => {
    const gitSha1 = createHash('sha1').update(`blob ${f.content.length}\0`).update(f.content).digest('hex');
    const sha256 = createHash('sha256').update(f.content).digest('hex');
    return f.lfs
      ? {
          type: 'file',
          path: f.path,
          size: f.content.length,
          oid: gitSha1,
          lfs: { oid: sha256, size: f.content.length, pointerSize: 130 },
        }
      : { type: 'file', path: f.path, size: f.content.length, oid: gitSha1 };
  });
  let base = '';
  const server: Server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', base);
    requests.push({
      method: req.method ?? 'GET',
      url: url.pathname + url.search,
      ...(req.headers.range ? { range: req.headers.range } : {}),
    });
    const treePrefix = `/api/datasets/${REPO}/tree/main`;
    if (url.pathname === treePrefix) {
      // Two pages, to exercise pagination.
      const page = Number(url.searchParams.get('page') ?? '0');
      const half = Math.ceil(listing.length / 2);
      const items = page === 0 ? listing.slice(0, half) : listing.slice(half);
      if (page === 0) {
        res.setHeader('Link', `<${base}${treePrefix}?recursive=true&expand=false&page=1>; rel="next"`);
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify([{ type: 'directory', path: 'docs', size: 0, oid: 'x' }, ...items]));
      return;
    }
    const resolvePrefix = `/datasets/${REPO}/resolve/main/`;
    if (!url.pathname.startsWith(resolvePrefix)) {
      res.statusCode = 404;
      res.end('not found');
      return;
    }
    const path = decodeURIComponent(url.pathname.slice(resolvePrefix.length));
    const file = byPath.get(path);
    if (file === undefined) {
      res.statusCode = 404;
      res.setHeader('X-Error-Code', 'EntryNotFound');
      res.end('entry not found');
      return;
    }
    let body = file.content;
    if (behaviour.corrupt?.has(path)) {
      body = Buffer.from(body);
      const mid = Math.floor(body.length / 2);
      body[mid] = body[mid]! ^ 0xff;
    }
    res.setHeader('ETag', `"${createHash('sha256').update(file.content).digest('hex')}"`);
    res.setHeader('Accept-Ranges', 'bytes');
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    let start = 0;
    let end = body.length - 1;
    if (m && (!behaviour.ignoreRange || req.headers.range === 'bytes=0-0')) {
      start = Number(m[1]);
      end = m[2] === '' ? body.length - 1 : Math.min(Number(m[2]), body.length - 1);
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${body.length}`);
    }
    const slice = body.subarray(start, end + 1);
    res.setHeader('Content-Length', String(slice.length));
    const cut = behaviour.interruptOnce?.get(path);
    if (cut !== undefined && slice.length > 1) {
      behaviour.interruptOnce?.delete(path);
      res.write(slice.subarray(0, cut), () => {
        setTimeout(() => res.destroy(), 20);
      });
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    requests,
    behaviour,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
