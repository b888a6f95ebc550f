import { readFileSync } from 'node:fs';
import { buildPrompt, parseFutureBenchDoc } from '@nextevent/futurebench';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEXT_EVENT_QUESTION } from '@nextevent/vlm';
import { questionOptions } from '../src/vlm-predictor.js';
import { DEFAULT_QUESTION } from '../src/views/task-panel.js';

interface Row {
  id: string;
  doc: unknown;
  yaml_default: string;
}

const { rows } = JSON.parse(
  readFileSync(new URL('./fixtures/futurebench-prompts.json', import.meta.url), 'utf8'),
) as { rows: Row[] };

describe('the default question', () => {
  it('is the one @nextevent/vlm uses (the page keeps a copy to stay light)', () => {
    expect(DEFAULT_QUESTION).toBe(DEFAULT_NEXT_EVENT_QUESTION);
  });
});

describe('questionOptions', () => {
  it('passes a free-text question through', () => {
    expect(questionOptions({ mode: 'free-text', question: 'What will happen next?' })).toEqual({
      question: 'What will happen next?',
    });
  });

  it.each(rows)('gives predictNextEvent what rebuilds the reference FutureBench prompt ($id)', (row) => {
    const doc = parseFutureBenchDoc(row.doc);
    const { question, options } = questionOptions({ mode: 'multiple-choice', doc });
    // predictNextEvent builds its prompt as buildPrompt({ qa: { Question, Options } }).
    expect(
      buildPrompt({ qa: { Question: question ?? '', Options: options as Record<string, string> } }),
    ).toBe(row.yaml_default);
  });
});
