import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  captionSplitPrompt,
  causalAnalysisPrompt,
  critiquePrompt,
  eventIdentificationPrompt,
  pythonJsonDumps,
  reasoningPrompt,
  renderPrompt,
  rewritePrompts,
  type SceneEvent,
} from '@nextevent/curate';

interface GoldenCase {
  caption: string;
  events: SceneEvent[];
  optimal_split_point: string;
  prediction: string;
  event_identification: string;
  causal_analysis: string;
  caption_split: string;
  reasoning: string;
  rewrite_reasoning: string;
  rewrite_prediction: string;
  critique: string;
}

// Written by the reference functions themselves (make-prompt-goldens.py).
const goldens = JSON.parse(
  readFileSync(new URL('./fixtures/prompt-goldens.json', import.meta.url), 'utf8'),
) as {
  cases: GoldenCase[];
};

describe('reference prompts are byte-identical to assets/data_prompts.py', () => {
  it.each(goldens.cases.map((c, i) => [i, c] as const))('case %i', (_i, c) => {
    expect(eventIdentificationPrompt(c.caption)).toBe(c.event_identification);
    expect(causalAnalysisPrompt(c.caption, c.events)).toBe(c.causal_analysis);
    expect(captionSplitPrompt(c.caption, c.events, c.optimal_split_point)).toBe(c.caption_split);
    expect(reasoningPrompt(c.caption)).toBe(c.reasoning);
    expect(rewritePrompts(c.caption, c.prediction)).toEqual([c.rewrite_reasoning, c.rewrite_prediction]);
    expect(critiquePrompt(c.caption, c.prediction, c.caption.toUpperCase())).toBe(c.critique);
  });

  it('covers non-ASCII, control characters and placeholder-like text in the goldens', () => {
    const all = goldens.cases.map((c) => c.caption).join('');
    expect([...all].some((ch) => ch.charCodeAt(0) > 0x7f)).toBe(true);
    expect(all).toContain('{{video_caption}}');
    expect(all).toContain('$&');
  });
});

describe('pythonJsonDumps', () => {
  it('escapes like CPython json.dumps(ensure_ascii=True, indent=2)', () => {
    // Expected strings written by hand from CPython's documented escaping rules.
    expect(pythonJsonDumps({ a: 'é😀\x7f\u2028' })).toBe(
      '{\n  "a": "\\u00e9\\ud83d\\ude00\\u007f\\u2028"\n}',
    );
    expect(pythonJsonDumps([])).toBe('[]');
    expect(pythonJsonDumps({ a: [1, { b: null }] })).toBe(
      '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ]\n}',
    );
  });

  it('rejects values JSON cannot hold', () => {
    expect(() => pythonJsonDumps({ x: Number.NaN })).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: pythonJsonDumps: non-finite number NaN cannot be written as JSON]`,
    );
    expect(() => pythonJsonDumps(undefined)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: pythonJsonDumps: value is not JSON-serialisable]`,
    );
  });
});

describe('renderPrompt', () => {
  it('fills placeholders once and names a missing one', () => {
    expect(renderPrompt('a {{x}} b {{y}}', { x: '{{y}}', y: '$&' })).toBe('a {{y}} b $&');
    expect(() => renderPrompt('{{nope}}', {})).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: renderPrompt: no value for placeholder {{nope}}]`,
    );
  });
});
