import { defineConfig, type Plugin } from 'vite';
import { buildCsp } from './src/csp.ts';

/** Writes the Content-Security-Policy meta tag (strict in builds, relaxed for the dev server's HMR). */
function cspPlugin(): Plugin {
  let dev = false;
  return {
    name: 'nextevent-csp',
    configResolved(config) {
      dev = config.command === 'serve' && !config.isProduction;
    },
    transformIndexHtml: {
      order: 'pre',
      handler: (html) => html.replace('%NEXTEVENT_CSP%', buildCsp({ dev })),
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // No SPA fallback: a missing file must be a 404 (the model loader probes optional files such as
  // model.safetensors.index.json), not index.html.
  appType: 'mpa',
  logLevel: 'warn',
  plugins: [cspPlugin()],
  resolve: { conditions: ['@nextevent/source', 'module', 'browser', 'development|production'] },
  worker: {
    format: 'es',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // The bundled demo model and the sample video are copied as-is from public/.
    assetsInlineLimit: 0,
  },
  preview: { host: '127.0.0.1', strictPort: true },
  server: { host: '127.0.0.1' },
});
