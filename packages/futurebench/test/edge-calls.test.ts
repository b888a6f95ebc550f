import { describe, expect, it } from 'vitest';
import {
  InvalidDocError,
  aggregate,
  buildPrompt,
  extractAnswer,
  scoreSample,
  v1Reward,
} from '@nextevent/futurebench';
import { readJson } from './load.js';

interface EdgeCall {
  function: string;
  args: never[];
  result: unknown;
  stdout: string;
}

const calls = readJson<EdgeCall[]>('golden/edge_calls.json');
const isError = (r: unknown): r is { error: string } => typeof r === 'object' && r !== null && 'error' in r;

describe('edge_calls.json: direct calls with unusual arguments', () => {
  const v1 = calls.filter((c) => c.function === 'v1.v1_compute_score');
  it.each(v1.map((c) => [JSON.stringify(c.args), c] as const))('v1_compute_score(%s)', (_label, c) => {
    // The reference catches every exception and scores 0.0; so does v1Reward (it never throws).
    expect(v1Reward(c.args[0]!, c.args[1]!)).toBe(c.result);
  });

  const extractors = calls.filter((c) => c.function.startsWith('futurebench.extract_'));
  it.each(extractors.map((c) => [c.function, JSON.stringify(c.args), c] as const))(
    '%s(%s) raises in the reference → TypeError here',
    (_f, _label, c) => {
      expect(isError(c.result)).toBe(true);
      const task = c.function.endsWith('thinking_answer_regex') ? 'reasoning' : 'futurebench';
      // "b'A'" stands for a Python bytes object; any non-string input is rejected.
      const arg = (c.args[0] as unknown) === "b'A'" ? new TextEncoder().encode('A') : c.args[0];
      expect(() => extractAnswer(arg as never, { task })).toThrow(TypeError);
    },
  );

  const processCalls = calls.filter((c) => c.function.includes('process_'));
  it.each(processCalls.map((c) => [c.function, JSON.stringify(c.args), c] as const))(
    '%s(%s)',
    (_f, _label, c) => {
      const [doc, results] = c.args as unknown as [never, unknown];
      const task = c.function.startsWith('seedbench') ? 'seedbench-r1' : 'futurebench';
      const reasoning = c.function.includes('reasoning');
      // The reference takes results[0]; for a string that is its first character.
      const response: unknown = Array.isArray(results) ? results[0] : [...String(results)][0];
      const run = () => scoreSample(doc, response as string, { task, reasoning } as never);
      if (isError(c.result)) {
        if (response === undefined) {
          // IndexError on an empty results list: nothing to score.
          expect(() => run()).toThrow(TypeError);
        } else {
          expect(() => run()).toThrow(InvalidDocError);
        }
        return;
      }
      const metric = task === 'futurebench' ? 'future_acc' : 'seedbench_r1_acc';
      expect(JSON.stringify({ [metric]: run() })).toBe(JSON.stringify(c.result));
    },
  );

  it('covers every call in the file', () => {
    expect(v1.length + extractors.length + processCalls.length).toBe(calls.length);
  });
});

describe('strict question types in scoreSample', () => {
  const doc = { id: 'v', question_type: 'hop9', qa: { Answer: 'b' } };

  it('passes an unknown type through by default, like the reference', () => {
    expect(scoreSample(doc, 'B').question_type).toBe('hop9');
  });

  it('rejects it with strictQuestionType: true', () => {
    expect(() => scoreSample(doc, 'B', { strictQuestionType: true })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDocError: FutureBench doc (id "v"): question_type: "hop9" is not one of hop1, hop2, hop3, hop5]`,
    );
  });

  it('keeps extraction and question-type checks apart', () => {
    const hop1 = { id: 'v', question_type: 'hop1', qa: { Answer: 'B' } };
    expect(scoreSample(hop1, 'Answer: B', { strictQuestionType: true }).pred_answer).toBe('A');
    expect(scoreSample(hop1, 'Answer: B', { strictExtraction: true }).pred_answer).toBe('B');
    expect(scoreSample(doc, 'Answer: B', { strictExtraction: true }).question_type).toBe('hop9');
  });

  it('refuses the ambiguous strict option instead of ignoring it', () => {
    expect(() => scoreSample(doc, 'Answer: B', { strict: true } as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.strict is not an option of scoreSample: use strictExtraction (the non-reference extractor) or strictQuestionType (reject unknown question types).]`,
    );
  });
});

const doc0 = { id: 'v', question_type: 'hop1', qa: { Question: 'q', Options: {}, Answer: 'B' } };

describe('task option errors list only the valid tasks', () => {
  it.each(['nope', 'reasoning'])('scoreSample (task %s)', (task) => {
    expect(() => scoreSample(doc0, 'B', { task } as never)).toThrow(
      new TypeError("options.task, when provided, must be 'futurebench' or 'seedbench-r1'."),
    );
  });

  it('extractAnswer (where reasoning is a task)', () => {
    expect(() => extractAnswer('B', { task: 'nope' } as never)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.task, when provided, must be 'futurebench', 'seedbench-r1' or 'reasoning'.]`,
    );
  });

  it('buildPrompt and aggregate', () => {
    expect(() => buildPrompt(doc0 as never, { task: 'reasoning' } as never)).toThrow(
      "options.task, when provided, must be 'futurebench' or 'seedbench-r1'.",
    );
    expect(() => aggregate([], { task: 'reasoning' } as never)).toThrow(
      "options.task, when provided, must be 'futurebench' or 'seedbench-r1'.",
    );
  });
});
