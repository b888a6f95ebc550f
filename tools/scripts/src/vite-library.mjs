// Shared Vite library-mode config for the @nextevent packages: ESM only, one file per entry, every bare import
// (npm dependencies, node: builtins) left external, WGSL `?raw` imports inlined as strings at build time.
import { resolve } from 'node:path';

/** True for imports that stay imports in dist: npm packages and node: builtins, never relative/absolute paths. */
function isExternal(id) {
  return !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0') && !/^[A-Za-z]:[\\/]/.test(id);
}

/**
 * @param {string} root the package directory
 * @param {Record<string, string>} entries output name -> source file, relative to root
 */
export function libraryConfig(root, entries) {
  return {
    root,
    logLevel: 'warn',
    resolve: { conditions: ['@nextevent/source', 'module', 'browser', 'development|production'] },
    build: {
      outDir: 'dist',
      emptyOutDir: false, // tsc -b has already written the declarations there
      sourcemap: true,
      minify: false,
      target: 'es2022',
      lib: {
        entry: Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, resolve(root, file)])),
        formats: ['es'],
        fileName: (_format, name) => `${name}.js`,
      },
      rollupOptions: { external: isExternal },
    },
  };
}
