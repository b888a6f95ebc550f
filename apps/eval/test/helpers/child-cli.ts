// Entry of the child process the kill/resume test spawns: the real CLI (`main`), with the process's streams and
// signals (as bin.ts), and the fake frame source of the other tests. Bundled by bundle-child.ts.
import { exitQuietlyOnEpipe, main } from '../../src/cli.js';
import { commandsWithFakeFrames } from './fake-frames.js';

exitQuietlyOnEpipe(process.stdout);
const controller = new AbortController();
process.once('SIGINT', () => controller.abort(new Error('received SIGINT')));
process.once('SIGTERM', () => controller.abort(new Error('received SIGTERM')));
process.exitCode = await main(
  process.argv.slice(2),
  {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    isTTY: false,
    env: process.env,
    signal: controller.signal,
  },
  commandsWithFakeFrames(),
);
