#!/usr/bin/env node
// `npm start`: installs if needed, builds, runs the main job on the embedded defaults (next-event prediction on
// the bundled sample video with the bundled tiny demo model, printed by the CLI), then serves the browser demo
// and prints its URL. Flags: --no-serve (CLI part only), --video <path>, --at <seconds>, --model <dir|url|repo>.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, ensureInstalled, ensureVulkanDriver, run, useBatchToolEnv } from './env.mjs';
import { runStartJob } from './start-job.mjs';

const argv = process.argv.slice(2);
const flag = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const video = flag('--video') ?? join(ROOT, 'apps/demo/public/sample.mp4');
const model = flag('--model') ?? join(ROOT, 'apps/demo/public/models/tiny-qwen2_5-vl-demo');
const cli = join(ROOT, 'apps/eval/bin/nextevent.mjs');

useBatchToolEnv();
ensureInstalled();
console.log(`[nextevent] WebGPU driver for Node: ${ensureVulkanDriver()}`);
console.log('[nextevent] building…');
if (run('npx', ['nx', 'run-many', '-t', 'build', '--outputStyle=static']) !== 0) {
  console.error('[nextevent] build failed');
  process.exit(1);
}

// The commands the built CLI has (the app grows command by command).
const { buildProgram } = await import(pathToFileURL(join(ROOT, 'apps/eval/dist/index.js')).href);
const quiet = {
  stdout() {},
  stderr() {},
  isTTY: false,
  env: process.env,
  signal: new AbortController().signal,
};
const commands = new Set(buildProgram(quiet).program.commands.map((c) => c.name()));
console.log(`\n[nextevent] sample video: ${video}`);
if (!flag('--model') && !existsSync(model)) {
  run('node', [join(ROOT, 'tools/scripts/src/make-demo-model.mjs')]); // normally written by the demo's build
}
// The bundled sample cuts from a test pattern to colour bars at 3 s (apps/demo/public/SAMPLE.md): predict from
// the part before that cut. A video of the user's own is used whole unless --at is given.
const serve = join(ROOT, 'apps/demo/serve.mjs');
process.exit(
  runStartJob({
    run,
    log: (line) => console.log(line),
    error: (line) => console.error(line),
    cli,
    video,
    model,
    hasModel: existsSync(model),
    at: flag('--at') ?? (flag('--video') ? undefined : '3'),
    commands,
    serve: !argv.includes('--no-serve') && existsSync(serve) ? serve : undefined,
  }),
);
