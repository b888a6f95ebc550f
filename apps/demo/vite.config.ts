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
    rolldownOptions: {
      checks: { pluginTimings: false },
      onLog(level, log, handler) {
        // The vlm/video packages reach node: builtins only behind an `isNode()` check; in the browser they are
        // externalized on purpose.
        if (
          log.message.includes('externalized for browser compatibility') ||
          log.code === 'INEFFECTIVE_DYNAMIC_IMPORT'
        ) {
          return;
        }
        handler(level, log);
      },
    },
  },
  // Pre-bundle every dependency the worker reaches, so the dev server never reloads the page mid-session when it
  // discovers one.
  optimizeDeps: {
    include: ['mediabunny', 'zod', '@huggingface/hub', '@huggingface/jinja', '@huggingface/tokenizers'],
  },
  preview: { host: '127.0.0.1', strictPort: true },
  server: { host: '127.0.0.1' },
});
