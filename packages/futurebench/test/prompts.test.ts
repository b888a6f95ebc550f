import { describe, expect, it } from 'vitest';
import {
  DIRECT_PROMPT_KWARGS,
  InvalidDocError,
  REASONING_PROMPT_KWARGS,
  V1_MAX_PIXELS,
  V1_MIN_PIXELS,
  V1_SYSTEM_PROMPT,
  V1_SYSTEM_PROMPT_SHELL,
  buildPrompt,
  buildV1Messages,
  docToTarget,
} from '@nextevent/futurebench';
import { readJson, readJsonl } from './load.js';

interface PromptRow {
  id: string;
  task: 'futurebench' | 'seedbench_r1';
  doc: never;
  doc_to_text: Record<string, string | { error: string }>;
  doc_to_target: unknown;
  easyr1_v1?: Record<string, unknown>;
}

const rows = readJsonl<PromptRow>('golden/prompts.jsonl');
interface KwargsFile {
  doc_to_text_kwargs: Record<string, Record<string, { pre_prompt: string; post_prompt: string } | null>>;
  easyr1_system_prompt_variants: Record<string, string | null>;
  easyr1_pixels: { min_pixels: number; max_pixels: number };
}
const kwargs = readJson<KwargsFile>('golden/prompt_kwargs.json');
const VARIANTS = [
  'yaml_default',
  'yaml_reasoning_commented',
  'empty',
  'pre_prompt_only',
  'post_prompt_only',
  'none',
];

/** Maps a reference exception to the error class we throw for it. */
function expectedErrorClass(error: string): typeof TypeError | typeof InvalidDocError {
  // None kwargs is a caller error; KeyError / non-string concatenation are doc errors.
  return error.startsWith("TypeError: argument of type 'NoneType'") ? TypeError : InvalidDocError;
}

describe('doc_to_text for every golden doc and kwargs variant (prompts.jsonl)', () => {
  it('has docs for both tasks (300 each in the seed-1 set)', () => {
    const fb = rows.filter((r) => r.task === 'futurebench').length;
    const sb = rows.filter((r) => r.task === 'seedbench_r1').length;
    expect(fb).toBeGreaterThan(0);
    expect(sb).toBeGreaterThan(0);
    if (rows[0]?.id.startsWith('s1-')) {
      expect([fb, sb]).toEqual([300, 300]);
    }
  });

  for (const task of ['futurebench', 'seedbench_r1'] as const) {
    it.each(VARIANTS)(`${task}: %s`, (variant) => {
      const kw =
        kwargs.doc_to_text_kwargs[task === 'futurebench' ? 'futurebench' : 'seedbench_r1_l1']![variant]!;
      const bad: string[] = [];
      for (const row of rows.filter((r) => r.task === task)) {
        const expected = row.doc_to_text[variant];
        const opts = {
          task: task === 'futurebench' ? 'futurebench' : 'seedbench-r1',
          promptKwargs: kw,
        } as const;
        if (typeof expected === 'string') {
          const actual = buildPrompt(row.doc, opts);
          if (actual !== expected) {
            bad.push(`${row.id}: ${JSON.stringify(actual)}`);
          }
        } else {
          const cls = expectedErrorClass(expected!.error);
          let thrown: unknown;
          try {
            buildPrompt(row.doc, opts);
          } catch (e) {
            thrown = e;
          }
          if (!(thrown instanceof cls)) {
            bad.push(`${row.id}: expected ${cls.name} for ${expected!.error}, got ${String(thrown)}`);
          } else if (thrown instanceof InvalidDocError) {
            // The field we name must be the one the reference tripped over.
            const key = /KeyError: '(.*)'/.exec(expected!.error)?.[1];
            if (key !== undefined && !thrown.field.endsWith(key)) {
              bad.push(`${row.id}: field ${thrown.field} vs KeyError ${key}`);
            }
          }
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('the yaml default equals the golden yaml_default kwargs (pre/post prompt)', () => {
    const yaml = kwargs.doc_to_text_kwargs.futurebench!.yaml_default!;
    expect(DIRECT_PROMPT_KWARGS).toEqual({ pre_prompt: yaml.pre_prompt, post_prompt: yaml.post_prompt });
    const reasoning = kwargs.doc_to_text_kwargs.futurebench!.yaml_reasoning_commented!;
    expect(REASONING_PROMPT_KWARGS).toEqual({
      pre_prompt: reasoning.pre_prompt,
      post_prompt: reasoning.post_prompt,
    });
  });

  it('omitting promptKwargs uses the yaml default', () => {
    for (const row of rows.filter((r) => typeof r.doc_to_text.yaml_default === 'string')) {
      const task = row.task === 'futurebench' ? 'futurebench' : 'seedbench-r1';
      expect(buildPrompt(row.doc, { task })).toBe(row.doc_to_text.yaml_default);
    }
  });

  it('doc_to_target', () => {
    for (const row of rows) {
      const task = row.task === 'futurebench' ? 'futurebench' : 'seedbench-r1';
      expect(docToTarget(row.doc, { task })).toEqual(row.doc_to_target);
    }
  });

  it('names the field of a malformed doc', () => {
    const doc = { qa: { Question: 'Q', Options: { A: 'a', B: 'b', C: null, D: 'd' } } };
    expect(() => buildPrompt(doc as never)).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDocError: FutureBench doc: qa.Options.C: expected string, received null (the reference cannot concatenate it: TypeError)]`,
    );
    expect(() => buildPrompt({ qa: { Question: 'Q', Options: {} } })).toThrowErrorMatchingInlineSnapshot(
      `[InvalidDocError: FutureBench doc: qa.Options.A: missing (the reference raises KeyError)]`,
    );
    expect(() =>
      buildPrompt({ qa: { Question: 'Q', Options: {} } }, { promptKwargs: null }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.promptKwargs, when provided, must be an object (the reference raises TypeError for None).]`,
    );
  });
});

describe('EasyR1 v1 messages (dataset_video_v1.py) for every golden doc', () => {
  const variants: Record<string, string | null> = kwargs.easyr1_system_prompt_variants;

  it('the exported system prompts equal the golden script values', () => {
    expect(V1_SYSTEM_PROMPT).toBe(variants.script_omegaconf_value);
    expect(V1_SYSTEM_PROMPT_SHELL).toBe(variants.script_shell_value);
    expect(V1_MIN_PIXELS).toBe(kwargs.easyr1_pixels.min_pixels);
    expect(V1_MAX_PIXELS).toBe(kwargs.easyr1_pixels.max_pixels);
  });

  it.each(Object.keys(variants))('system prompt variant %s', (variant) => {
    const bad: string[] = [];
    for (const row of rows.filter((r) => r.task === 'futurebench')) {
      const expected = row.easyr1_v1![variant];
      const actual = buildV1Messages(row.doc, { systemPrompt: variants[variant] ?? null });
      // Key order is part of the format (EasyR1 option order, message fields).
      if (JSON.stringify(actual) !== JSON.stringify(expected)) {
        bad.push(`${row.id}: ${JSON.stringify(actual).slice(0, 300)}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('joins the video root like os.path.join', () => {
    const rec = { video_path: 'x/clip.mp4', qa: { Question: 'Q', Options: { A: 'a' }, Answer: 'A' } };
    expect(buildV1Messages(rec, { videoRoot: '/data/' }).messages[0]).toMatchObject({
      content: [{ video: '/data/clip.mp4' }, {}],
    });
    expect(
      buildV1Messages({ ...rec, video_path: 'x//abs/clip.mp4' }, { videoRoot: '/data' }).messages[0],
    ).toMatchObject({ content: [{ video: '/abs/clip.mp4' }, {}] });
  });
});
