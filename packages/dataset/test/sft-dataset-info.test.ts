import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SFT_FORMATS,
  buildDatasetInfo,
  mergeDatasetInfo,
  parsePythonJson,
  serializeDatasetInfo,
} from '@nextevent/dataset';
import { DatasetInfoFileError, writeSftFiles } from '@nextevent/dataset/node';
import { writeGoldenDataset } from './helpers/dataset-tree.js';

const reference = readFileSync(new URL('./fixtures/reference-dataset_info.json', import.meta.url), 'utf8');
const ours: readonly string[] = SFT_FORMATS.map((f) => f.name);

let work: string;
let root: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-dsinfo-'));
  root = join(work, 'V1-33K');
  writeGoldenDataset(root);
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

function outWith(name: string, datasetInfo: string): string {
  const out = join(work, name);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'dataset_info.json'), datasetInfo);
  return out;
}

describe('writeSftFiles merges into an existing dataset_info.json', () => {
  it("leaves the reference's file (LLaMA-Factory stock + the V1 entries) byte-identical", async () => {
    const out = outWith('ref', reference);
    const res = await writeSftFiles({ datasetRoot: root, outDir: out, seed: 0 });
    expect(readFileSync(res.datasetInfoPath, 'utf8')).toBe(reference);
  });

  it('keeps stock entries, replaces same-named ones in place and appends the new ones', async () => {
    const stock = parsePythonJson(reference) as Record<string, unknown>;
    const existing: Record<string, unknown> = {
      video_fp_sft_data: { file_name: 'stale.json' },
      my_data: { file_name: 'mine.json', formatting: 'alpaca' },
    };
    for (const [k, v] of Object.entries(stock)) {
      if (!ours.includes(k)) {
        existing[k] = v;
      }
    }
    const out = outWith('stock', serializeDatasetInfo(existing));
    const res = await writeSftFiles({ datasetRoot: root, outDir: out, seed: 0 });
    const written = parsePythonJson(readFileSync(res.datasetInfoPath, 'utf8')) as Record<string, unknown>;
    const generated = buildDatasetInfo();
    expect(Object.keys(written)).toEqual([
      ...Object.keys(existing),
      ...Object.keys(generated).filter((k) => k !== 'video_fp_sft_data'),
    ]);
    for (const k of Object.keys(existing)) {
      expect(written[k], k).toEqual(k === 'video_fp_sft_data' ? generated[k] : existing[k]);
    }
    expect(written.identity).toEqual({ file_name: 'identity.json' });
    expect(readdirSync(out).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });

  it.each([
    ['not JSON', '{"identity": {"file_name": '],
    ['an array', '[]'],
  ])('refuses a dataset_info.json that is %s, naming it, and writes nothing', async (_what, text) => {
    const out = outWith(`bad-${text.length}`, text);
    const err = await writeSftFiles({ datasetRoot: root, outDir: out, seed: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DatasetInfoFileError);
    expect((err as DatasetInfoFileError).path).toBe(join(out, 'dataset_info.json'));
    expect((err as Error).message).toContain(`${join(out, 'dataset_info.json')}: cannot merge`);
    expect(readdirSync(out)).toEqual(['dataset_info.json']);
    expect(readFileSync(join(out, 'dataset_info.json'), 'utf8')).toBe(text);
  });
});

describe('mergeDatasetInfo key order', () => {
  it('keeps document order, integer-like names included', () => {
    const existing = parsePythonJson(
      '{"b": {"file_name": "b.json"}, "2": {"file_name": "2.json"}}',
    ) as Record<string, unknown>;
    const merged = mergeDatasetInfo(existing, {
      '1': { file_name: 'one.json' },
      b: { file_name: 'new.json' },
    });
    expect(serializeDatasetInfo(merged)).toBe(
      '{\n  "b": {\n    "file_name": "new.json"\n  },\n  "2": {\n    "file_name": "2.json"\n  },\n  "1": {\n    "file_name": "one.json"\n  }\n}\n',
    );
  });
});
