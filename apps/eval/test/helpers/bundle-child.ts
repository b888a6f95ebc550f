import { mkdirSync, mkdtempSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'vite';

/**
 * Bundles child-cli.ts (and every @nextevent/* source it imports) into one ESM file that plain `node` runs, so
 * the kill test drives the current source, not a stale build. npm dependencies stay external (node_modules).
 */
export async function bundleChildCli(): Promise<string> {
  // Inside the package so node resolves the external npm packages from the workspace node_modules.
  const modules = join(import.meta.dirname, '../../node_modules');
  mkdirSync(modules, { recursive: true });
  const outDir = mkdtempSync(join(modules, '.child-cli-'));
  const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  await build({
    configFile: false,
    logLevel: 'warn',
    root: join(import.meta.dirname, '../..'),
    resolve: { conditions: ['@nextevent/source', 'node', 'import', 'module', 'default'] },
    ssr: {
      noExternal: [/^@nextevent\//],
      resolve: {
        conditions: ['@nextevent/source', 'node', 'import'],
        externalConditions: ['node', 'import'],
      },
    },
    build: {
      ssr: join(import.meta.dirname, 'child-cli.ts'),
      outDir,
      emptyOutDir: true,
      minify: false,
      sourcemap: false,
      target: 'node20',
      rollupOptions: {
        external: (id) =>
          builtins.has(id) ||
          (!id.startsWith('.') &&
            !id.startsWith('/') &&
            !id.startsWith('@nextevent/') &&
            !id.startsWith('\0')),
        output: { entryFileNames: 'child-cli.mjs', format: 'es' },
      },
    },
  });
  return join(outDir, 'child-cli.mjs');
}
