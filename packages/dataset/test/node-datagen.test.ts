import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PythonError, SFT_FORMATS, buildDatasetInfo, serializeDatasetInfo } from '@nextevent/dataset';
import { createFsVideoProbe, validateFile, writeSftFiles } from '@nextevent/dataset/node';
import { readFixture } from './helpers/goldens.js';
import { writeGoldenDataset } from './helpers/dataset-tree.js';

let work: string;
let root: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-datagen-'));
  root = join(work, 'data', 'V1-33K');
  writeGoldenDataset(root);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('writeSftFiles on a real folder', () => {
  it('writes the eight golden files and dataset_info.json (per-format seed 0)', async () => {
    const out = join(work, 'out');
    const res = await writeSftFiles({ datasetRoot: root, outDir: out, seed: 0 });
    for (const f of SFT_FORMATS) {
      expect(readFileSync(join(out, f.fileName), 'utf8'), f.fileName).toBe(
        readFixture(`expected/${f.fileName}.gz`),
      );
    }
    expect(readFileSync(res.datasetInfoPath, 'utf8')).toBe(serializeDatasetInfo(buildDatasetInfo()));
    expect(readdirSync(out).sort()).toEqual(
      [...SFT_FORMATS.map((f) => f.fileName), 'dataset_info.json'].sort(),
    );
  });

  it('matches the __main__ run with seed mode once', async () => {
    const out = join(work, 'out-once');
    const res = await writeSftFiles({ datasetRoot: root, outDir: out, seed: 1234, seedMode: 'once' });
    for (const f of SFT_FORMATS) {
      expect(readFileSync(join(out, f.fileName), 'utf8')).toBe(
        readFixture(`expected-main-order/${f.fileName}.gz`),
      );
    }
    expect(res.stdout).toBe(
      readFixture('expected-main-order/stdout.txt').replaceAll('./LLaMA-Factory/data', out),
    );
  });

  it('writes nothing when the reference would abort', async () => {
    const bad = join(work, 'bad', 'V1-33K');
    writeGoldenDataset(bad);
    writeFileSync(
      join(bad, 'next_event_prediction.json'),
      JSON.stringify([{ video_path: 'x/missing.mp4', full_video_path: 'f.mp4' }]),
    );
    const out = join(work, 'out-bad');
    const err = await writeSftFiles({
      datasetRoot: bad,
      outDir: out,
      seed: 0,
      formats: ['video_fp_sft_data'],
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PythonError);
    expect((err as PythonError).message).toBe(
      'AssertionError: Video path ./V1-33K/first_part_video/missing.mp4 does not exist [convert_to_sft, record 0]',
    );
    expect((err as PythonError).where).toEqual({ function: 'convert_to_sft', recordIndex: 0 });
    expect(existsSync(out)).toBe(false);
  });

  it('probes like os.path.exists / isfile', () => {
    const probe = createFsVideoProbe({ datasetRoot: root });
    expect(probe.exists('./V1-33K/first_part_video/')).toBe(true);
    expect(probe.exists('./V1-33K/second_part_video/charades/edge_0015_929d63.mp4')).toBe(true);
    expect(probe.isReadableFile('./V1-33K/second_part_video/charades/edge_0015_929d63.mp4')).toBe(false);
    expect(probe.exists('./V1-33K/nope.mp4')).toBe(false);
  });
});

describe('validateFile', () => {
  it('detects and validates generated files and dataset_info.json', async () => {
    const out = join(work, 'out-validate');
    await writeSftFiles({ datasetRoot: root, outDir: out, seed: 0, formats: ['full_video_caption_data'] });
    const info = await validateFile(join(out, 'dataset_info.json'));
    expect(info).toMatchObject({ schema: 'dataset-info', valid: 1, issues: [] });
    const rec = await validateFile(join(out, 'full_video_caption_data.json'));
    expect(rec.schema).toBe('sharegpt');
    expect(rec.records).toBe(302);
    const input = await validateFile(join(root, 'next_event_prediction.json'));
    expect(input.schema).toBe('next-event');
    expect(input.issues[0]).toMatchObject({ index: expect.any(Number), id: expect.any(String) });
  });

  it('validates an EasyR1 data-config YAML', async () => {
    const y = join(work, 'cfg.yaml');
    writeFileSync(y, 'datasets:\n  - json_path: a.json\n    sampling_strategy: end:10\n');
    expect(await validateFile(y)).toMatchObject({ schema: 'easyr1-data-config', valid: 1 });
    writeFileSync(y, 'datasets:\n  - json_path: a.txt\n');
    expect((await validateFile(y)).issues).toEqual([
      {
        path: 'datasets.0.json_path',
        message: 'must end in .json or .jsonl (the loader rejects other files)',
      },
    ]);
  });
});
