import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datagenFixture, writeDatasetFolder } from './helpers/datagen-fixtures.js';
import { runNextevent } from './helpers/buffer-io.js';

const FILES = [
  'video_fp_CFT_data.json',
  'video_fp_distill_data.json',
  'video_fp_sft_data.json',
  'full_video_caption_data.json',
  'full_video_oe_qa_data.json',
  'full_video_mc_qa_data.json',
  'full_video_what_happens_next_data.json',
  'video_prev_sft_data.json',
];

let work: string;
let mainRoot: string;
let scenarioRoot: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-datagen-cli-'));
  mainRoot = join(work, 'main', 'V1-33K');
  writeDatasetFolder(mainRoot, datagenFixture('next_event_prediction.json.gz'));
  scenarioRoot = join(work, 'scenario', 'V1-33K');
  writeDatasetFolder(scenarioRoot, datagenFixture('cft_all_right/next_event_prediction.json.gz'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nextevent datagen', () => {
  it('--seed 1234 --seed-mode once reproduces the reference __main__ run byte for byte', async () => {
    const out = join(work, 'out-once');
    const r = await runNextevent([
      'datagen',
      '--dataset-root',
      mainRoot,
      '--out',
      out,
      '--seed',
      '1234',
      '--seed-mode',
      'once',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    for (const f of FILES) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(datagenFixture(`main-order/${f}.gz`));
    }
    expect(r.stdout).toContain(
      datagenFixture('main-order/stdout.txt').replaceAll('./LLaMA-Factory/data', out),
    );
    expect(readdirSync(out).sort()).toEqual([...FILES, 'dataset_info.json'].sort());
    const info = JSON.parse(readFileSync(join(out, 'dataset_info.json'), 'utf8')) as Record<
      string,
      { file_name: string }
    >;
    expect(
      Object.values(info)
        .map((e) => e.file_name)
        .sort(),
    ).toEqual([...FILES].sort());
  });

  it('--seed 0 (per-format by default) matches the per-function goldens, one format at a time too', async () => {
    const out = join(work, 'out-per-format');
    const r = await runNextevent(['datagen', '--dataset-root', scenarioRoot, '--out', out, '--seed', '0']);
    expect(r.code).toBe(0);
    for (const f of FILES) {
      expect(readFileSync(join(out, f), 'utf8'), f).toBe(datagenFixture(`cft_all_right/${f}.gz`));
    }
    const stdout = JSON.parse(datagenFixture('cft_all_right/stdout.json')) as Record<string, string>;
    expect(r.stdout).toContain(stdout.convert_to_CFT);

    const one = join(work, 'out-one');
    const r1 = await runNextevent([
      'datagen',
      '--dataset-root',
      scenarioRoot,
      '--out',
      one,
      '--seed',
      '0',
      '--format',
      'video_prev_sft_data',
    ]);
    expect(r1.code).toBe(0);
    expect(readdirSync(one).sort()).toEqual(['dataset_info.json', 'video_prev_sft_data.json']);
    expect(readFileSync(join(one, 'video_prev_sft_data.json'), 'utf8')).toBe(
      datagenFixture('cft_all_right/video_prev_sft_data.json.gz'),
    );
  });

  it('--path-prefix changes the paths written into the records', async () => {
    const out = join(work, 'out-prefix');
    const r = await runNextevent([
      'datagen',
      '--dataset-root',
      scenarioRoot,
      '--out',
      out,
      '--seed',
      '0',
      '--format',
      'video_fp_sft_data',
      '--path-prefix',
      'data/V1',
    ]);
    expect(r.code).toBe(0);
    const expected = datagenFixture('cft_all_right/video_fp_sft_data.json.gz').replaceAll(
      '"./V1-33K/',
      '"data/V1/',
    );
    expect(readFileSync(join(out, 'video_fp_sft_data.json'), 'utf8')).toBe(expected);
  });

  it('without --seed prints the seed, and that seed reproduces the run', async () => {
    const out = join(work, 'out-entropy');
    const r = await runNextevent([
      'datagen',
      '--dataset-root',
      scenarioRoot,
      '--out',
      out,
      '--format',
      'video_fp_sft_data',
    ]);
    expect(r.code).toBe(0);
    const seed = /^seed: (\d+) \(pass --seed \1 to reproduce this run\)$/m.exec(r.stdout)?.[1];
    expect(seed).toBeDefined();
    const again = join(work, 'out-entropy-again');
    await runNextevent([
      'datagen',
      '--dataset-root',
      scenarioRoot,
      '--out',
      again,
      '--format',
      'video_fp_sft_data',
      '--seed',
      seed!,
    ]);
    expect(readFileSync(join(again, 'video_fp_sft_data.json'), 'utf8')).toBe(
      readFileSync(join(out, 'video_fp_sft_data.json'), 'utf8'),
    );
  });

  it('rejects bad flags as usage errors and reference aborts as failures', async () => {
    expect(
      (await runNextevent(['datagen', '--dataset-root', mainRoot, '--out', 'x', '--seed', '1.5'])).code,
    ).toBe(2);
    expect(
      (await runNextevent(['datagen', '--dataset-root', mainRoot, '--out', 'x', '--format', 'nope'])).code,
    ).toBe(2);
    expect((await runNextevent(['datagen', '--out', 'x'])).code).toBe(2);
    const r = await runNextevent([
      'datagen',
      '--dataset-root',
      join(work, 'missing'),
      '--out',
      join(work, 'o'),
      '--seed',
      '0',
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/next_event_prediction\.json/);
  });
});
