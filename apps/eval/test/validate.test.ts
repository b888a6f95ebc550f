import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datagenFixture } from './helpers/datagen-fixtures.js';
import { runNextevent } from './helpers/buffer-io.js';

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-validate-cli-'));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('nextevent validate', () => {
  it('accepts a generated SFT file (schema detected)', async () => {
    const f = join(work, 'video_prev_sft_data.json');
    writeFileSync(f, datagenFixture('cft_all_right/video_prev_sft_data.json.gz'));
    const r = await runNextevent(['validate', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${f}: 5 of 5 records valid (schema sharegpt)\n`);
  });

  it('names record index, id and field path of each problem', async () => {
    const f = join(work, 'rl.jsonl');
    writeFileSync(
      f,
      [
        JSON.stringify({
          video_path: 'v/a.mp4',
          qa: { Question: 'q', Options: { A: 'x', B: 'y' }, Answer: 'B' },
        }),
        JSON.stringify({
          id: 'r2',
          video_path: 'v/b.mp4',
          qa: { Question: 'q', Options: { A: 'x' }, Answer: 'C' },
        }),
        '',
      ].join('\n'),
    );
    const r = await runNextevent(['validate', f, '--schema', 'easyr1-v1']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      `${f}: record 1 (id "r2"): qa.Answer: must be one of the keys of qa.Options\n` +
        `${f}: 1 of 2 records valid (schema easyr1-v1) — INVALID\n`,
    );
  });

  it('reports a broken file and rejects an unknown schema', async () => {
    const f = join(work, 'broken.json');
    writeFileSync(f, '[{"messages": []}');
    const r = await runNextevent(['validate', f, '--schema', 'sharegpt']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('unterminated JSON array');
    expect((await runNextevent(['validate', f, '--schema', 'nope'])).code).toBe(2);
  });
});
