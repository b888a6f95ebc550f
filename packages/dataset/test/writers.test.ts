import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import {
  applySamplingStrategy,
  buildDatasetInfo,
  buildV1RlRecords,
  datasetInfoSchema,
  easyR1DataConfigYaml,
  llamaFactorySftYaml,
  mergeDatasetInfo,
  parseEasyR1DataConfig,
  parsePythonJson,
  parseSamplingStrategy,
  PythonRandom,
  pythonJsonDumps,
  serializeDatasetInfo,
  serializeV1RlRecords,
  v1RlProblem,
  v1RlVideoPath,
  DatasetValidationError,
  PythonError,
} from '@nextevent/dataset';
import { loadFixtureJson } from './helpers/goldens.js';

const fixture = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');

describe('dataset_info.json', () => {
  const reference = fixture('reference-dataset_info.json');
  const referenceInfo = parsePythonJson(reference) as Record<string, unknown>;

  it('has exactly the reference entries for the eight formats, in its order', () => {
    const ours = buildDatasetInfo();
    const names = Object.keys(ours);
    const picked = Object.fromEntries(names.map((n) => [n, referenceInfo[n]]));
    expect(names).toEqual(Object.keys(referenceInfo).filter((k) => names.includes(k)));
    expect(serializeDatasetInfo(ours)).toBe(serializeDatasetInfo(picked));
  });

  it('writes the file like LLaMA-Factory (indent 2, final newline)', () => {
    expect(serializeDatasetInfo(referenceInfo)).toBe(reference);
  });

  it('merges into a stock file without touching other entries', () => {
    const merged = mergeDatasetInfo(
      { identity: { file_name: 'identity.json' } },
      buildDatasetInfo(['convert_to_sft']),
    );
    expect(Object.keys(merged)).toEqual(['identity', 'video_fp_sft_data']);
  });

  it('the reference file passes the dataset_info schema', () => {
    expect(datasetInfoSchema.safeParse(referenceInfo).success).toBe(true);
  });

  it('flags the tags gotcha and a missing source', () => {
    const bad = datasetInfoSchema.safeParse({
      a: { file_name: 'a.json', formatting: 'sharegpt', tags: { role_tag: 'role', content_tag: 'content' } },
      b: { formatting: 'sharegpt' },
      c: { file_name: 'c.json', formatting: 'sharegpt', columns: { videos: 'videos' } },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toMatchInlineSnapshot(`
      [
        "a.tags.user_tag: Invalid input: expected string, received undefined",
        "a.tags.assistant_tag: Invalid input: expected string, received undefined",
        "b: needs one of hf_hub_url, ms_hub_url, script_url, cloud_file_name, file_name",
        "c.columns.messages: is required once columns is given (left out it becomes None)",
      ]
    `);
  });
});

describe('LLaMA-Factory training YAML', () => {
  it('is byte-identical to the reference qwen2_5vl_7B_full_sft_5K.yaml by default', () => {
    expect(llamaFactorySftYaml()).toBe(fixture('qwen2_5vl_7B_full_sft_5K.yaml'));
  });

  it('writes options as values YAML readers type correctly', () => {
    const text = llamaFactorySftYaml({
      dataset: ['video_fp_sft_data', 'video_fp_distill_data'],
      learningRate: 2e-5,
      numTrainEpochs: 1,
      warmupRatio: 0.05,
      maxSamples: 1000,
      outputDir: 'saves/my run',
    });
    const y = parseYaml(text) as Record<string, unknown>;
    expect(y.dataset).toBe('video_fp_sft_data,video_fp_distill_data');
    expect(y.learning_rate).toBe(2e-5);
    expect(text).toContain('learning_rate: 2.0e-5\n');
    expect(text).toContain('num_train_epochs: 1.0\n');
    expect(y.output_dir).toBe('saves/my run');
    expect(y.max_samples).toBe(1000);
    expect(() => llamaFactorySftYaml({ maxSamples: 1.5 })).toThrow(TypeError);
    expect(() => llamaFactorySftYaml({ learningRate: Number.NaN })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.learningRate, when provided, must be a finite number, got NaN.]`,
    );
  });
});

describe('EasyR1 sampling_strategy (dataset_video_v1.py semantics)', () => {
  const recs = Array.from({ length: 10 }, (_, i) => i);
  it.each([
    ['all', recs],
    ['first:3', [0, 1, 2]],
    ['end:3', [7, 8, 9]],
    ['end:0', recs],
    ['first:0', []],
    ['first:-2', [0, 1, 2, 3, 4, 5, 6, 7]],
    ['end:-2', [2, 3, 4, 5, 6, 7, 8, 9]],
    ['first:25%', [0, 1, 2]],
    ['end:1%', [9]],
    ['bogus:3', recs],
    ['first:1_0', recs],
  ] as const)('%s', (strategy, expected) => {
    expect(applySamplingStrategy(recs, strategy)).toEqual(expected);
  });

  it('random:N shuffles with the generator and keeps N', () => {
    const expected = recs.slice();
    new PythonRandom(3).shuffle(expected);
    expect(applySamplingStrategy(recs, 'random:4', new PythonRandom(3))).toEqual(expected.slice(0, 4));
    expect(() => applySamplingStrategy(recs, 'random:4')).toThrow(TypeError);
  });

  it('rejects what Python rejects', () => {
    expect(() => parseSamplingStrategy('first:1:2')).toThrow(PythonError);
    expect(() => parseSamplingStrategy('first:10.5%')).toThrow(
      "invalid literal for int() with base 10: '10.5'",
    );
  });
});

describe('EasyR1 data config YAML', () => {
  it('writes and reads back', () => {
    const config = {
      datasets: [
        { json_path: '/data/v1_rl_data.json', sampling_strategy: 'first:1000' },
        { json_path: 'more data.jsonl', sampling_strategy: 'random:10%' },
        { json_path: 'x.json' },
      ],
    };
    const text = easyR1DataConfigYaml(config);
    // The layout of the mirror's example config (shared/design/interop.md §2.1); PyYAML's safe_load (what
    // EasyR1 reads it with) gives `config` back from this exact text, checked when the literal was written.
    expect(text).toMatchInlineSnapshot(`
      "datasets:
        - json_path: /data/v1_rl_data.json
          sampling_strategy: first:1000
        - json_path: more data.jsonl
          sampling_strategy: random:10%
        - json_path: x.json
      "
    `);
    expect(parseEasyR1DataConfig(text)).toEqual(config);
  });

  it('names the bad field', () => {
    expect(() =>
      parseEasyR1DataConfig('datasets:\n  - json_path: a.csv\n    sampling_strategy: last:3\n'),
    ).toThrowErrorMatchingInlineSnapshot(
      `[DatasetValidationError: EasyR1 data config is invalid: datasets.0.json_path: must end in .json or .jsonl (the loader rejects other files) (and 1 more)]`,
    );
    expect(() => easyR1DataConfigYaml({ datasets: [] })).toThrow(DatasetValidationError);
  });
});

describe('EasyR1 v1 RL records', () => {
  const input = loadFixtureJson('input/next_event_prediction.json.gz') as Record<string, unknown>[];
  const { records, skipped } = buildV1RlRecords(input);

  it('keeps video_path and qa of every record with a valid multiple-choice item', () => {
    expect(records.length + skipped.length).toBe(input.length);
    expect(records.length).toBe(input.length);
    expect(records[0]).toEqual({ video_path: input[0]!.video_path, qa: input[0]!.qa });
    expect(serializeV1RlRecords(records)).toBe(
      pythonJsonDumps(
        input.map((r) => ({ video_path: r.video_path, qa: r.qa })),
        { indent: 2 },
      ),
    );
  });

  it('reports records without a usable qa', () => {
    const res = buildV1RlRecords([
      { video_path: 'a/b.mp4' },
      { video_path: 'a/c.mp4', qa: { Question: 'q', Options: { A: 'x' }, Answer: 'B' } },
    ]);
    expect(res.records).toEqual([]);
    expect(res.skipped.map((s) => s.reason)).toEqual([
      'qa: Invalid input: expected object, received undefined',
      'qa.Answer: must be one of the keys of qa.Options',
    ]);
  });

  it('builds the loader prompt and clip path', () => {
    const r = {
      video_path: 'video_dataset/abc/clip_17.mp4',
      qa: { Question: 'Q?', Options: { A: 'a', B: 'b' }, Answer: 'B' },
    };
    expect(v1RlProblem(r)).toBe('Question:\nQ?\n\nOptions:\nA: a\nB: b');
    expect(v1RlVideoPath(r, '/data/V1-33K/first_part_video')).toBe(
      '/data/V1-33K/first_part_video/abc/clip_17.mp4',
    );
  });
});
