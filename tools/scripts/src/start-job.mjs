// The part of `npm start` after the build (start.mjs): the main job (a prediction, or the video tools' view when
// the model is missing), then the demo server. Separate so tests can drive it with a fake `run`.

/**
 * Runs the main job and, unless `serve` is undefined, the demo server; returns the process's exit code. A failed
 * job is said plainly, and with --no-serve (`serve` undefined) its exit status is the result; when serving, the
 * failure is announced before the server starts, and the server's exit status is the result.
 *
 * @param {{
 *   run: (cmd: string, args: string[]) => number,
 *   log: (line: string) => void,
 *   error: (line: string) => void,
 *   cli: string,
 *   video: string,
 *   model: string,
 *   hasModel: boolean,
 *   at: string | undefined,
 *   commands: Set<string>,
 *   serve: string | undefined,
 * }} o
 * @returns {number}
 */
export function runStartJob(o) {
  let status = 0;
  let what = 'the prediction';
  if (o.commands.has('predict') && o.hasModel) {
    o.log(`[nextevent] predicting what happens next with the bundled demo model (${o.model})`);
    o.log(
      '[nextevent] NOTE: the bundled model has untrained random weights: its text shows the pipeline works,',
    );
    o.log(
      '[nextevent]       not what a trained Qwen2.5-VL would say. Use --model <dir|url|hf-repo> for a real one.',
    );
    status = o.run('node', [o.cli, 'predict', o.video, '--model', o.model, ...(o.at ? ['--at', o.at] : [])]);
  } else {
    what = 'the video tools';
    o.log('[nextevent] the bundled model is not available yet; showing what the video tools see:');
    for (const cmd of ['probe', 'scenes']) {
      if (o.commands.has(cmd)) {
        const s = o.run('node', [o.cli, cmd, o.video, '--json']);
        status = status === 0 ? s : status;
      }
    }
  }
  if (status !== 0) {
    o.error(`[nextevent] ${what} failed (exit ${status}); see the error above.`);
  }
  if (o.serve === undefined) {
    return status;
  }
  o.log(
    status === 0
      ? '\n[nextevent] serving the browser demo (Ctrl+C to stop)…'
      : `\n[nextevent] ${what} FAILED; serving the browser demo anyway (Ctrl+C to stop)…`,
  );
  return o.run('node', [o.serve]);
}
