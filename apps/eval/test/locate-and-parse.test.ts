import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataFileError, RunStateError } from '../src/eval/errors.js';
import { locateSamplesFile } from '../src/eval/locate-run.js';
import { futurebenchVideoPath, seedbenchMedia } from '../src/eval/resolve-media.js';
import { parseJsonOrJsonl } from '../src/eval/tasks.js';
import { tmp } from './helpers/cli.js';

describe('data files', () => {
  it('reads a JSON array or JSON Lines, and names the bad line', () => {
    expect(parseJsonOrJsonl('\uFEFF [{"a":1},{"a":2}]', 'x')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseJsonOrJsonl('{"a":1}\n\n{"a":2}\n', 'x')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(() => parseJsonOrJsonl('{"a":1}\n{oops\n', 'data.jsonl')).toThrowError(DataFileError);
    expect(() => parseJsonOrJsonl('{"a":1}\n{oops\n', 'data.jsonl')).toThrow(/^data\.jsonl:2: /);
  });
});

describe('media paths as lmms-eval builds them', () => {
  it("FutureBench: the part after the first 'video_dataset/' (Python split(...)[1]) under the root", () => {
    expect(futurebenchVideoPath('V1-33K/video_dataset/abc/clip_17.mp4', '/data/first_part_video/')).toBe(
      '/data/first_part_video/abc/clip_17.mp4',
    );
    // split('video_dataset/')[1] stops at a second occurrence.
    expect(futurebenchVideoPath('x/video_dataset/a/video_dataset/b.mp4', '/r')).toBe('/r/a/');
    expect(() => futurebenchVideoPath('V1-33K/videos/abc.mp4', '/r')).toThrow(
      /does not contain "video_dataset\/"/,
    );
  });

  it('SEED-Bench-R1: video unless task_progress_metadata is empty, image under images/<source>/', () => {
    const doc = {
      task_progress_metadata: [{ x: 1 }],
      video_basename: 'v.mp4',
      video_source: 'ego4d',
      current_observation_basename: 'o.png',
    };
    expect(seedbenchMedia(doc, '/sb')).toEqual({ video: '/sb/v.mp4', image: '/sb/images/ego4d/o.png' });
    expect(seedbenchMedia({ ...doc, task_progress_metadata: [] }, '/sb')).toEqual({
      image: '/sb/images/ego4d/o.png',
    });
  });
});

describe('locateSamplesFile', () => {
  it('finds the samples file from a results file, a folder or a model folder; newest wins', async () => {
    const out = tmp();
    const model = join(out, 'org__m');
    mkdirSync(model);
    for (const f of [
      '20250101_000000_samples_futurebench.jsonl',
      '20250102_000000_samples_futurebench.jsonl',
      '20250102_000000_results.json',
    ]) {
      writeFileSync(join(model, f), '');
    }
    const newest = join(model, '20250102_000000_samples_futurebench.jsonl');
    expect(await locateSamplesFile(out)).toBe(newest);
    expect(await locateSamplesFile(model)).toBe(newest);
    expect(await locateSamplesFile(join(model, '20250102_000000_results.json'))).toBe(newest);
    expect(await locateSamplesFile(join(model, '20250101_000000_samples_futurebench.jsonl'))).toBe(
      join(model, '20250101_000000_samples_futurebench.jsonl'),
    );
  });

  it('asks to choose between tasks of the same date, or pass --task', async () => {
    const out = tmp();
    for (const t of ['seedbench_r1_l1', 'seedbench_r1_l2']) {
      writeFileSync(join(out, `20250101_000000_samples_${t}.jsonl`), '');
    }
    await expect(locateSamplesFile(out)).rejects.toThrowError(RunStateError);
    expect(await locateSamplesFile(out, 'seedbench_r1_l2')).toBe(
      join(out, '20250101_000000_samples_seedbench_r1_l2.jsonl'),
    );
    await expect(locateSamplesFile(join(out, 'nope'))).rejects.toThrow(/no such file or folder/);
    await expect(locateSamplesFile(out, 'futurebench')).rejects.toThrow(
      /no \*_samples_futurebench\.jsonl found/,
    );
  });
});
