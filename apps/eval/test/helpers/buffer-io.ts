import { main } from '../../src/cli.js';

/** Runs `nextevent <argv>` in-process with a buffer io. */
export async function runNextevent(
  argv: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: (s) => (stdout += s),
    stderr: (s) => (stderr += s),
    isTTY: false,
    env,
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}
