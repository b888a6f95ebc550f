#!/usr/bin/env node
// Serves the built demo (apps/demo/dist) with `vite preview` on 127.0.0.1 and a free port, and prints its URL.
// Used by the root `npm start` and by the e2e runner. Usage: node apps/demo/serve.mjs [--port N] [--host H]
// Exits with a message when the demo has not been built (run `npm run build -w @nextevent/demo`).
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));

/** Asks the OS for a free TCP port on `host`. */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts `vite preview` for the built demo. Resolves to `{ url, close() }`.
 * @param {{ port?: number, host?: string, quiet?: boolean }} [options]
 */
export async function startPreview(options = {}) {
  const host = options.host ?? '127.0.0.1';
  if (!existsSync(join(DEMO_ROOT, 'dist/index.html'))) {
    throw new Error('apps/demo/dist is missing: build the demo first (npm run build -w @nextevent/demo)');
  }
  const { preview } = await import('vite');
  const port = options.port ?? (await freePort(host));
  const server = await preview({
    root: DEMO_ROOT,
    configFile: join(DEMO_ROOT, 'vite.config.ts'),
    logLevel: options.quiet ? 'silent' : 'warn',
    preview: { host, port, strictPort: true, open: false },
  });
  const url = server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`;
  return {
    url,
    close: () => new Promise((resolve) => server.httpServer.close(() => resolve(undefined))),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const argv = process.argv.slice(2);
  const flag = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  try {
    const port = flag('--port') === undefined ? undefined : Number(flag('--port'));
    const { url } = await startPreview({ port, host: flag('--host') });
    console.log(`[nextevent] demo: ${url}`);
    console.log(
      '[nextevent] open it in Chrome/Edge 113+ (Linux: launch with --enable-unsafe-webgpu). Ctrl+C stops.',
    );
  } catch (error) {
    console.error(`[nextevent] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
