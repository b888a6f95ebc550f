import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { runStartJob } from '../src/start-job.mjs';

/** Runs the job with a fake `run` that answers `predict` with `predictStatus` (and 0 to everything else). */
function start(predictStatus: number, serve: string | undefined, hasModel = true) {
  const calls: string[][] = [];
  const out: string[] = [];
  const err: string[] = [];
  const code: number = runStartJob({
    run: (cmd: string, args: string[]) => {
      calls.push([cmd, ...args]);
      return args[1] === 'predict' ? predictStatus : args[0] === 'serve.mjs' ? 7 : 0;
    },
    log: (l: string) => out.push(l),
    error: (l: string) => err.push(l),
    cli: 'cli.mjs',
    video: 'v.mp4',
    model: 'm',
    hasModel,
    at: '3',
    commands: new Set(['predict', 'probe', 'scenes']),
    serve,
  });
  return { code, calls, out, err };
}

describe('npm start after the build', () => {
  it('--no-serve: exits with the failed prediction’s status and says it failed', () => {
    const r = start(1, undefined);
    expect(r.calls).toEqual([['node', 'cli.mjs', 'predict', 'v.mp4', '--model', 'm', '--at', '3']]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual(['[nextevent] the prediction failed (exit 1); see the error above.']);
  });

  it('--no-serve: exits 0 after a good prediction', () => {
    const r = start(0, undefined);
    expect(r.code).toBe(0);
    expect(r.err).toEqual([]);
  });

  it('serving: announces the failed prediction before serving', () => {
    const r = start(2, 'serve.mjs');
    expect(r.calls.at(-1)).toEqual(['node', 'serve.mjs']);
    expect(r.err).toEqual(['[nextevent] the prediction failed (exit 2); see the error above.']);
    expect(r.out.at(-1)).toContain('the prediction FAILED; serving the browser demo anyway');
    expect(r.code).toBe(7);
  });

  it('without a model: the video tools, whose failure counts too', () => {
    const r = start(0, undefined, false);
    expect(r.calls.map((c) => c[2])).toEqual(['probe', 'scenes']);
    expect(r.code).toBe(0);
  });
});
