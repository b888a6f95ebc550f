import { describe, expect, it } from 'vitest';
import {
  QUESTION_TYPES,
  UnknownQuestionTypeError,
  aggregate,
  formatAggregateLog,
} from '@nextevent/futurebench';
import { readJson } from './load.js';

interface AggCase {
  id: string;
  results: { question_type?: unknown; pred_answer: unknown; answer: unknown }[];
  futurebench_aggregate: number | { error: string };
  futurebench_aggregate_repr?: string;
  futurebench_log: string[];
  seedbench_r1_aggregate: number | { error: string };
  seedbench_r1_aggregate_repr?: string;
  seedbench_r1_log: string[];
}

const golden = readJson<{ question_types: string[]; cases: AggCase[]; edge_cases: AggCase[] }>(
  'golden/aggregate.json',
);
const all = [...golden.cases, ...golden.edge_cases];

describe('aggregate.json', () => {
  it('QUESTION_TYPES is the reference TYPES list', () => {
    expect([...QUESTION_TYPES]).toEqual(golden.question_types);
  });

  it.each(all.map((c) => [c.id, c] as const))('futurebench %s', (_id, c) => {
    const expected = c.futurebench_aggregate;
    if (typeof expected === 'object') {
      const key = /KeyError: '(.*)'/.exec(expected.error)![1]!;
      if (key === 'question_type') {
        expect(() => aggregate(c.results)).toThrow(TypeError);
      } else {
        let thrown: unknown;
        try {
          aggregate(c.results);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(UnknownQuestionTypeError);
        expect((thrown as UnknownQuestionTypeError).questionType).toBe(key);
      }
      expect(c.futurebench_log).toEqual([]);
      return;
    }
    const result = aggregate(c.results);
    expect(result.overall).toBe(expected); // bit-exact
    expect(result.overallRepr).toBe(c.futurebench_aggregate_repr);
    expect(formatAggregateLog(result)).toEqual(c.futurebench_log);
  });

  it.each(all.map((c) => [c.id, c] as const))('seedbench_r1 %s', (_id, c) => {
    const result = aggregate(c.results, { task: 'seedbench-r1' });
    expect(result.overall).toBe(c.seedbench_r1_aggregate);
    expect(result.overallRepr).toBe(c.seedbench_r1_aggregate_repr);
    expect(formatAggregateLog(result)).toEqual(c.seedbench_r1_log);
    expect(result.byType).toEqual({});
  });

  it('per-type counts and percentages agree with an independent count', () => {
    for (const c of golden.cases) {
      const r = aggregate(c.results);
      let total = 0;
      for (const t of QUESTION_TYPES) {
        const items = c.results.filter((x) => x.question_type === t);
        const ok = items.filter((x) => x.pred_answer === x.answer).length;
        expect(r.counts.byType[t]).toEqual({ correct: ok, total: items.length });
        expect(r.byType[t]).toBe(items.length ? (100 * ok) / items.length : 0);
        total += items.length;
      }
      expect(r.counts.total).toBe(total);
      expect(Object.keys(r.byType)).toEqual([...QUESTION_TYPES]);
    }
  });

  it('error messages', () => {
    expect(() =>
      aggregate([{ video_id: 'v', question_type: null, pred_answer: 'A', answer: 'A' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[UnknownQuestionTypeError: record 0: question_type "None" is not one of hop1, hop2, hop3, hop5]`,
    );
    expect(() =>
      aggregate([{ video_id: 'v', question_type: 'hop1', answer: 'A' }]),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: records[0].pred_answer is missing (the reference raises KeyError).]`,
    );
  });
});
