import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { QUESTION_TYPES, aggregate, extractAnswer, traceExtraction, v1Reward } from '@nextevent/futurebench';

const LETTERS = new Set(['', 'A', 'B', 'C', 'D']);
const TASKS = ['futurebench', 'seedbench-r1', 'reasoning'] as const;

/** Strings biased towards what the extractors look at: tags, prefixes, letters, Python-only whitespace. */
const pieces = fc.constantFrom(
  '<answer>',
  '</answer>',
  '<think>',
  'The answer is',
  'The best option isThe correct option is',
  'Best answer:Best option:',
  'A',
  'B',
  'C',
  'D',
  'a',
  ' ',
  '\n',
  '\u001c',
  '\u0085',
  '\ufeff',
  '\u3000',
  'Ａ',
  '(',
  ')',
  '.',
  'word',
);
const modelOutput = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.array(pieces, { maxLength: 40 }).map((p) => p.join('')),
);

describe('extractAnswer properties', () => {
  it('never throws on any string and returns "", A, B, C or D (every task, reference and strict)', () => {
    fc.assert(
      fc.property(modelOutput, fc.constantFrom(...TASKS), fc.boolean(), (text, task, strict) => {
        const out = extractAnswer(text, { task, strict });
        expect(LETTERS.has(out)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('the answer is a character of the input, and trace agrees with the fast path', () => {
    fc.assert(
      fc.property(modelOutput, fc.constantFrom(...TASKS), (text, task) => {
        const out = extractAnswer(text, { task });
        if (out !== '') {
          expect(text.includes(out)).toBe(true);
        }
        expect(traceExtraction(text, { task }).answer).toBe(out);
      }),
      { numRuns: 2000 },
    );
  });

  it('Python whitespace around the output never changes the answer', () => {
    const pyWs = fc.array(fc.constantFrom(' ', '\t', '\n', '\u001c', '\u0085', '\u00a0', '\u3000'), {
      maxLength: 4,
    });
    fc.assert(
      fc.property(modelOutput, pyWs, pyWs, fc.constantFrom(...TASKS), (text, pre, post, task) => {
        expect(extractAnswer(pre.join('') + text + post.join(''), { task })).toBe(
          extractAnswer(text, { task }),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it('v1Reward is 0 or 1 and equals "reasoning extraction matches a ground-truth character"', () => {
    fc.assert(
      fc.property(modelOutput, fc.string({ maxLength: 3 }), (text, gt) => {
        const r = v1Reward(text, gt);
        const letter = extractAnswer(text, { task: 'reasoning' }).toLowerCase();
        expect(r).toBe([...gt].some((c) => c.toLowerCase() === letter) ? 1 : 0);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('aggregate properties', () => {
  const record = fc.record({
    video_id: fc.string(),
    question_type: fc.constantFrom(...QUESTION_TYPES),
    pred_answer: fc.constantFrom('', 'A', 'B', 'C', 'D'),
    answer: fc.constantFrom('A', 'B', 'C', 'D'),
  });

  it('overall is 100·correct/total, within [0, 100], and per-type counts add up', () => {
    fc.assert(
      fc.property(fc.array(record, { maxLength: 60 }), (records) => {
        const r = aggregate(records);
        const correct = records.filter((x) => x.pred_answer === x.answer).length;
        expect(r.overall).toBe(records.length ? (100 * correct) / records.length : 0);
        expect(r.overall).toBeGreaterThanOrEqual(0);
        expect(r.overall).toBeLessThanOrEqual(100);
        const sum = Object.values(r.counts.byType).reduce((s, c) => s + c.total, 0);
        expect(sum).toBe(records.length);
      }),
    );
  });
});
