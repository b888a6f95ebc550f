import { describe, expect, it } from 'vitest';
import {
  createSharegptRecordSchema,
  DATASET_SCHEMA_NAMES,
  easyR1V1RecordSchema,
  formatIssue,
  iterateJsonArray,
  iterateJsonLines,
  nextEventRecordSchema,
  sharegptRecordSchema,
  SFT_FORMATS,
  toJsonSchema,
  validateRecords,
  type StreamedRecord,
} from '@nextevent/dataset';
import { readFixture } from './helpers/goldens.js';

async function collect(it: AsyncIterable<StreamedRecord>) {
  const out: StreamedRecord[] = [];
  for await (const r of it) {
    out.push(r);
  }
  return out;
}

/** Splits text into chunks of `size` UTF-8 bytes (so multi-byte characters are cut too). */
function byteChunks(text: string, size: number): Uint8Array[] {
  const bytes = new TextEncoder().encode(text);
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) {
    out.push(bytes.subarray(i, i + size));
  }
  return out;
}

describe('iterateJsonArray', () => {
  const text = ' [ {"a": "x,]}\\"[{", "b": [1, {"c": 2}]}, 3 , "é😀", [] , {"10": 1, "2": 0}]\n';
  const expected = JSON.parse(text) as unknown[];

  it.each([1, 2, 3, 5, 7, 64])('gives the same elements for %i-byte chunks', async (size) => {
    const got = await collect(iterateJsonArray(byteChunks(text, size)));
    expect(got.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(got.map((r) => r.value)).toEqual(expected);
  });

  it('reports a bad element and goes on', async () => {
    const got = await collect(iterateJsonArray(['[1, tru, 3]']));
    expect(got[1]?.error).toMatch(/^invalid JSON: Expecting value/);
    expect(got[2]?.value).toBe(3);
  });

  it.each([
    ['{"a": 1}', 'expected a JSON array ("[") at the start'],
    ['[1, 2', 'unterminated JSON array'],
    ['[1] [2]', 'unexpected data after the array'],
    ['', 'empty input: expected a JSON array'],
    ['[1,,2]', 'empty element at index 1'],
  ])('stops on structure errors: %j', async (input, message) => {
    await expect(collect(iterateJsonArray([input]))).rejects.toThrow(message);
  });

  it('handles an empty array', async () => {
    expect(await collect(iterateJsonArray(['[ ]']))).toEqual([]);
  });
});

describe('iterateJsonLines', () => {
  it('reads one record per line and flags blank lines', async () => {
    const got = await collect(iterateJsonLines(byteChunks('{"a": 1}\n\n[2]\n"é"', 3)));
    expect(got).toEqual([
      { index: 0, value: { a: 1 } },
      { index: 1, error: 'blank line' },
      { index: 2, value: [2] },
      { index: 3, value: 'é' },
    ]);
  });
});

describe('validateRecords', () => {
  it('names record index, id and field path', async () => {
    const text = JSON.stringify([
      { video_path: 'v/1.mp4', qa: { Question: 'q', Options: { A: 'a', B: 'b' }, Answer: 'A' } },
      { id: 'rec-2', video_path: 'v/2.mp4', qa: { Question: 'q', Options: { A: 'a' }, Answer: 'C' } },
      { video_path: 'v/3.mp4', qa: { Question: 7, Options: { A: 'a' }, Answer: 'A' } },
    ]);
    const report = await validateRecords(byteChunks(text, 16), easyR1V1RecordSchema);
    expect(report.records).toBe(3);
    expect(report.valid).toBe(1);
    expect(report.issues.map(formatIssue)).toMatchInlineSnapshot(`
      [
        "record 1 (id "rec-2"): qa.Answer: must be one of the keys of qa.Options",
        "record 2 (id "v/3.mp4"): qa.Question: Invalid input: expected string, received number",
      ]
    `);
  });

  it('caps the issues and reports fatal structure errors', async () => {
    const report = await validateRecords(['[1, 2, 3, 4'], easyR1V1RecordSchema, { maxIssues: 2 });
    expect(report.issues).toHaveLength(2);
    expect(report.truncated).toBe(true);
    expect(report.fatal).toBe('unterminated JSON array');
  });

  it('reports invalid UTF-8 as fatal', async () => {
    const report = await validateRecords([new Uint8Array([0x5b, 0xff, 0x5d])], easyR1V1RecordSchema);
    expect(report.fatal).toBe('invalid UTF-8');
  });

  it('accepts the reference input records', async () => {
    const text = readFixture('input/next_event_prediction.json.gz');
    const report = await validateRecords([text], nextEventRecordSchema, { maxIssues: 1000 });
    expect(report.records).toBe(302);
    // The golden input deliberately includes records the reference copes with but that are incomplete.
    expect(report.valid).toBeGreaterThan(200);
    expect(report.issues.every((i) => i.index !== undefined && i.id !== undefined)).toBe(true);
  });
});

describe('sharegpt record schema (LLaMA-Factory rules)', () => {
  it.each(SFT_FORMATS.map((f) => [f.fileName] as const))(
    'finds in the golden %s only the placeholder clashes its adversarial input plants',
    async (fileName) => {
      const text = readFixture(`expected/${fileName}.gz`);
      const report = await validateRecords([text], sharegptRecordSchema, { maxIssues: 10_000 });
      expect(report.records).toBeGreaterThan(0);
      const records = JSON.parse(text) as { messages: { content: string }[] }[];
      // Independent check: a record is bad iff its text holds a stray <image>/<audio> or a second <video>.
      const bad = records
        .map((r, i) => [i, r.messages.map((m) => m.content).join('\u0000')] as const)
        .filter(([, t]) => t.includes('<image>') || t.includes('<audio>') || t.split('<video>').length !== 2)
        .map(([i]) => i);
      expect([...new Set(report.issues.map((i) => i.index))]).toEqual(bad);
      expect(report.issues.every((i) => ['images', 'videos', 'audios'].includes(i.path))).toBe(true);
    },
  );

  const user = (content: string) => ({ role: 'user', content });
  const assistant = (content: string) => ({ role: 'assistant', content });
  it.each([
    ['placeholder count', { messages: [user('<video><video>Q'), assistant('A')], videos: ['a.mp4'] }],
    ['leftover <image>', { messages: [user('<video><image>Q'), assistant('A')], videos: ['a.mp4'] }],
    ['odd turns', { messages: [user('<video>Q'), assistant('A'), user('again')], videos: ['a.mp4'] }],
    ['alternation', { messages: [assistant('<video>A'), user('Q')], videos: ['a.mp4'] }],
    ['content type', { messages: [user('<video>Q'), { role: 'assistant', content: 5 }], videos: ['a.mp4'] }],
  ])('rejects: %s', (_name, record) => {
    const res = sharegptRecordSchema.safeParse(record);
    expect(res.success).toBe(false);
  });

  it('allows a system turn only with system_tag', () => {
    const rec = {
      messages: [{ role: 'system', content: 's' }, user('<video>Q'), assistant('A')],
      videos: ['a.mp4'],
    };
    expect(sharegptRecordSchema.safeParse(rec).success).toBe(true);
    const noSystem = createSharegptRecordSchema({
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' },
    });
    const res = noSystem.safeParse(rec);
    expect(res.error?.issues[0]?.message).toBe('expected user at this position, got "system"');
  });
});

describe('JSON Schema export', () => {
  it.each(DATASET_SCHEMA_NAMES.map((n) => [n] as const))('%s', (name) => {
    const schema = toJsonSchema(name);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.type).toBe('object');
  });
});

describe('FutureBench docs (schema from @nextevent/futurebench)', () => {
  it('validates futurebench.json records by id', async () => {
    const { DATASET_SCHEMAS } = await import('@nextevent/dataset');
    const doc = {
      id: 'fb_1',
      question_type: 'hop1',
      video_path: 'V1-33K/video_dataset/a.mp4',
      qa: { Question: 'q', Options: { A: 'a', B: 'b', C: 'c', D: 'd' }, Answer: 'A' },
    };
    const bad = { ...doc, id: 'fb_2', question_type: 'hop4' };
    const report = await validateRecords([JSON.stringify([doc, bad])], DATASET_SCHEMAS.futurebench.schema);
    expect(report.valid).toBe(1);
    expect(report.issues[0]).toMatchObject({ index: 1, id: 'fb_2', path: 'question_type' });
  });

  it('rejects an Answer that is not among the options (as easyr1-v1 does), accepting lower case', async () => {
    const { DATASET_SCHEMAS } = await import('@nextevent/dataset');
    const doc = (id: string, Answer: string) => ({
      id,
      question_type: 'hop1',
      video_path: 'V1-33K/video_dataset/a.mp4',
      qa: { Question: 'q', Options: { A: 'a', B: 'b', C: 'c', D: 'd' }, Answer },
    });
    const report = await validateRecords(
      [JSON.stringify([doc('ok', 'D'), doc('lower', 'b'), doc('e', 'E'), doc('empty', '')])],
      DATASET_SCHEMAS.futurebench.schema,
    );
    expect(report.valid).toBe(2);
    expect(report.issues.map((i) => [i.id, i.path, i.message])).toEqual([
      ['e', 'qa.Answer', 'must be one of the keys of qa.Options (A, B, C, D)'],
      ['empty', 'qa.Answer', 'must be one of the keys of qa.Options (A, B, C, D)'],
    ]);
  });
});
