/** Finds a run's samples file from what the user names: the file, its results.json, or an output folder. */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { RunStateError } from './errors.js';

const SAMPLES_RE = /^(\d{8}_\d{6})_samples_(.+)\.jsonl$/;

async function listSamples(dir: string, depth: number): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isFile() && SAMPLES_RE.test(e.name)) {
      out.push(p);
    } else if (e.isDirectory() && depth > 0) {
      out.push(...(await listSamples(p, depth - 1)));
    }
  }
  return out;
}

/**
 * The samples file of a run. `path` may be a `*_samples_<task>.jsonl` (or any .jsonl), a `<date>_results.json`
 * (its sibling `<date>_samples_*.jsonl`), or a folder (`--out` or `--out/<model>`: the newest samples file,
 * optionally of `task`). Throws {@link RunStateError} when none or several candidates fit.
 */
export async function locateSamplesFile(path: string, task?: string): Promise<string> {
  let st;
  try {
    st = await stat(path);
  } catch {
    throw new RunStateError(`${path}: no such file or folder`);
  }
  let candidates: string[];
  if (st.isFile()) {
    const m = /^(\d{8}_\d{6})_results\.json$/.exec(basename(path));
    if (!m) {
      return path;
    }
    candidates = (await listSamples(dirname(path), 0)).filter((p) =>
      basename(p).startsWith(`${m[1]}_samples_`),
    );
  } else {
    candidates = await listSamples(path, 1);
  }
  if (task !== undefined) {
    candidates = candidates.filter((p) => SAMPLES_RE.exec(basename(p))?.[2] === task);
  }
  if (candidates.length === 0) {
    throw new RunStateError(`${path}: no *_samples_${task ?? '<task>'}.jsonl found`);
  }
  // Newest by the lmms-eval date prefix; a tie across tasks is ambiguous.
  candidates.sort((a, b) => basename(b).localeCompare(basename(a)));
  const newest = SAMPLES_RE.exec(basename(candidates[0] ?? ''));
  const sameDate = candidates.filter((p) => SAMPLES_RE.exec(basename(p))?.[1] === newest?.[1]);
  if (sameDate.length > 1) {
    throw new RunStateError(
      `${path}: several samples files (${sameDate.map((p) => basename(p)).join(', ')}); name one`,
    );
  }
  return candidates[0] ?? '';
}
