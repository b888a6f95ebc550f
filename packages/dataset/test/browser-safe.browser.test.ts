// Runs the main entry in Chromium: it must not need node: modules.
import { describe, expect, it } from 'vitest';
import {
  createListVideoProbe,
  easyR1DataConfigYaml,
  generateSftData,
  PythonRandom,
  sharegptRecordSchema,
  validateRecords,
} from '@nextevent/dataset';

describe('@nextevent/dataset in the browser', () => {
  it('runs the Python-compatible RNG (CPython golden values)', () => {
    const r = new PythonRandom(0);
    // random.Random(0): its first two random() values (rng.jsonl, CPython 3.11).
    expect([r.random(), r.random()]).toEqual([0.8444218515250481, 0.7579544029403025]);
  });

  it('generates, serializes and validates SFT data from bytes', async () => {
    const records = [
      {
        video_path: 'video_dataset/a/clip.mp4',
        full_video_path: './V1-33K/video_dataset/a/clip.mp4',
        caption: 'Un chien court 🐕.',
        video_split: { split_caption: { caption_part2: 'Il attrape la balle.' } },
      },
    ];
    const probe = createListVideoProbe(['./V1-33K/first_part_video/a/clip.mp4']);
    const files = generateSftData(records, {
      seed: 0,
      probe,
      formats: ['video_fp_sft_data', 'full_video_caption_data'],
    });
    expect(files.map((f) => f.records.length)).toEqual([1, 1]);
    expect(files[1]!.text).toContain('"Un chien court \\ud83d\\udc15."');
    const report = await validateRecords([new TextEncoder().encode(files[0]!.text)], sharegptRecordSchema);
    expect(report).toMatchObject({ records: 1, valid: 1, issues: [] });
    expect(easyR1DataConfigYaml({ datasets: [{ json_path: 'a.json' }] })).toBe(
      'datasets:\n  - json_path: a.json\n',
    );
  });
});
