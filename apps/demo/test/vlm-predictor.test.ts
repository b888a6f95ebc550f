import { readFileSync } from 'node:fs';
import { buildPrompt, parseFutureBenchDoc } from '@nextevent/futurebench';
import { describe, expect, it } from 'vitest';
import { DEFAULT_NEXT_EVENT_QUESTION, type GenerationTimings } from '@nextevent/vlm';
import { predictionTimings, questionOptions } from '../src/vlm-predictor.js';
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

describe('predictionTimings', () => {
  it("takes the model's stages from the generation and counts the first token from the request", () => {
    const generation: GenerationTimings = {
      preprocessMs: 3,
      visionMs: 40,
      prefillTokens: 120,
      prefillMs: 100,
      timeToFirstTokenMs: 150,
      decodeSteps: 7,
      decodeTokens: 7,
      decodeMs: 35,
      totalMs: 190,
    };
    expect(predictionTimings({ frames: 6, ms: 250 }, generation, 260)).toEqual({
      framesSampled: 6,
      samplingMs: 250,
      visionMs: 40,
      prefillTokens: 120,
      prefillMs: 100,
      decodeTokens: 7,
      decodeMs: 35,
      timeToFirstTokenMs: 410, // 260 ms of sampling and thumbnails, then 150 ms to the first token
    });
  });
});
