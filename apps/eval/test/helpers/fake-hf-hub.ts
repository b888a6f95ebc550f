import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/** A minimal ustar archive (regular files only), gzipped: enough to serve fake V1-33K parts. */
export function tarGz(files: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(files)) {
    const body = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0, 100, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    const sum = h.reduce((s, b) => s + b, 0);
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

/** A loopback imitation of the two hub endpoints @huggingface/hub uses for a dataset download. */
export async function startFakeHfHub(
  files: Record<string, Buffer>,
): Promise<{ url: string; close(): Promise<void> }> {
  const repo = 'haonan3/V1-33K';
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === `/api/datasets/${repo}/tree/main`) {
      res.setHeader('Content-Type', 'application/json');
      res.end(
        JSON.stringify(
          Object.entries(files).map(([path, content]) => ({
            type: 'file',
            path,
            size: content.length,
            oid: createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex'),
            lfs: {
              oid: createHash('sha256').update(content).digest('hex'),
              size: content.length,
              pointerSize: 130,
            },
          })),
        ),
      );
      return;
    }
    const prefix = `/datasets/${repo}/resolve/main/`;
    const content = url.pathname.startsWith(prefix)
      ? files[decodeURIComponent(url.pathname.slice(prefix.length))]
      : undefined;
    if (content === undefined) {
      res.statusCode = 404;
      res.setHeader('X-Error-Code', 'EntryNotFound');
      res.end();
      return;
    }
    res.setHeader('ETag', '"etag"');
    const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (m) {
      const start = Number(m[1]);
      const end = m[2] === '' ? content.length - 1 : Math.min(Number(m[2]), content.length - 1);
      res.statusCode = 206;
      res.setHeader('Content-Range', `bytes ${start}-${end}/${content.length}`);
      res.end(content.subarray(start, end + 1));
      return;
    }
    res.end(content);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
