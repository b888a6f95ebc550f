import { describe, expect, it } from 'vitest';
import {
  InvalidDocError,
  futureBenchDocSchema,
  parseFutureBenchDocs,
  parseSeedBenchR1Docs,
  type FutureBenchDoc,
} from '@nextevent/futurebench';
import { readJsonl } from './load.js';

interface PromptRow {
  id: string;
  task: string;
  doc: Record<string, unknown>;
  doc_to_text: Record<string, unknown>;
}
const rows = readJsonl<PromptRow>('golden/prompts.jsonl');
const fbDocs = rows.filter((r) => r.task === 'futurebench').map((r) => r.doc);
const sbDocs = rows.filter((r) => r.task === 'seedbench_r1').map((r) => r.doc);

/** Docs the reference can build a prompt for (the malformed ones raise). */
const promptable = (r: PromptRow) => typeof r.doc_to_text.yaml_default === 'string';

describe('FutureBench doc schema', () => {
  it('accepts exactly the golden docs that the reference can prompt (and have a hop type)', () => {
    for (const r of rows.filter((x) => x.task === 'futurebench')) {
      const ok = futureBenchDocSchema.safeParse(r.doc).success;
      expect(ok, r.id).toBe(promptable(r));
    }
  });

  it('keeps unknown keys and option extras (lmms-eval logs the whole doc)', () => {
    const doc = { ...fbDocs[0], extra: 1 } as Record<string, unknown>;
    const [parsed] = parseFutureBenchDocs([doc]);
    expect(parsed).toEqual(doc);
  });

  it('parses text and bytes', () => {
    const valid = rows.filter((r) => r.task === 'futurebench' && promptable(r)).map((r) => r.doc);
    const text = JSON.stringify(valid);
    const docs: FutureBenchDoc[] = parseFutureBenchDocs(text);
    expect(docs).toHaveLength(valid.length);
    expect(parseFutureBenchDocs(new TextEncoder().encode(text))).toEqual(docs);
  });

  it('names the doc index, id and field', () => {
    const bad = fbDocs.find((d) => (d.qa as { Options: { C: unknown } }).Options.C === null)!;
    const list = [fbDocs[0], bad];
    let err: unknown;
    try {
      parseFutureBenchDocs(list);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InvalidDocError);
    expect((err as InvalidDocError).index).toBe(1);
    expect((err as InvalidDocError).docId).toBe(bad.id);
    expect((err as InvalidDocError).field).toBe('qa.Options.C');
    expect(() =>
      parseFutureBenchDocs([{ ...fbDocs[0], question_type: 'hop4' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDocError: FutureBench doc 0 (id "f25gcbws-pi_0"): question_type: Invalid option: expected one of "hop1"|"hop2"|"hop3"|"hop5"]`,
    );
    expect(() => parseFutureBenchDocs('{"a": 1}')).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDocError: FutureBench doc: (root): expected a JSON array of docs, received object]`,
    );
    expect(() => parseFutureBenchDocs('[')).toThrow(InvalidDocError);
  });
});

describe('SEED-Bench-R1 doc schema', () => {
  it('accepts exactly the golden docs that the reference can prompt', () => {
    for (const r of rows.filter((x) => x.task === 'seedbench_r1')) {
      let ok = true;
      try {
        parseSeedBenchR1Docs([r.doc]);
      } catch {
        ok = false;
      }
      expect(ok, r.id).toBe(promptable(r));
    }
  });

  it('names the field', () => {
    const bad = sbDocs.find((d) => !('choice_c' in d))!;
    expect(() => parseSeedBenchR1Docs([bad])).toThrow(/SEED-Bench-R1 doc 0 \(id ".*"\): choice_c: /);
  });
});
