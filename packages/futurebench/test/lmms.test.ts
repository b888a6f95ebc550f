import { describe, expect, it } from 'vitest';
import {
  LmmsFormatError,
  PythonFloat,
  aggregate,
  buildPrompt,
  createResultsJson,
  createSampleLine,
  docToTarget,
  getResultMetric,
  lmmsDateString,
  lmmsModelName,
  lmmsOutputPaths,
  sanitizeModelName,
  readResultsJson,
  readSamplesJsonl,
  sampleRecords,
  scoreSample,
  writeResultsJson,
  writeSamplesJsonl,
} from '@nextevent/futurebench';
import { readText } from './load.js';

// Written by test/fixtures/make-lmms-files.py with Python's json/hashlib, as lmms-eval v0.3.0 writes them.
const SAMPLES = readText('fixtures/20250601_153012_samples_futurebench.jsonl');
const RESULTS = readText('fixtures/20250601_153012_results.json');

describe('lmms-eval samples file', () => {
  it('reads the mirror format and orders lines by doc_id', () => {
    const samples = readSamplesJsonl(SAMPLES, { metrics: ['future_acc'] });
    expect(samples.map((s) => s.docId)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(samples[0]!.lineNumber).toBe(1);
    expect(samples[1]!.lineNumber).toBe(7); // rank 1's lines come after rank 0's
    expect(Object.keys(samples[0]!.metrics)).toEqual(['future_acc']);
  });

  it('round-trips byte for byte', () => {
    const samples = readSamplesJsonl(SAMPLES, { sortByDocId: false });
    expect(writeSamplesJsonl(samples.map((s) => s.line))).toBe(SAMPLES);
    const bytes = new TextEncoder().encode(SAMPLES);
    expect(writeSamplesJsonl(readSamplesJsonl(bytes, { sortByDocId: false }).map((s) => s.line))).toBe(
      SAMPLES,
    );
  });

  it('rescoring the logged responses reproduces the logged metric and the results file', () => {
    const samples = readSamplesJsonl(SAMPLES);
    for (const s of samples) {
      const doc = s.doc as never;
      expect(scoreSample(doc, s.filteredResps[0]!)).toEqual(s.metrics.future_acc);
      expect(buildPrompt(doc)).toBe(s.input);
      expect(String(docToTarget(doc))).toBe(s.target);
    }
    const agg = aggregate(sampleRecords(samples, 'futurebench'));
    expect(agg.overall).toBe(getResultMetric(readResultsJson(RESULTS), 'futurebench', 'future_acc'));
  });

  it('createSampleLine writes the same line (and hashes) as lmms-eval', async () => {
    const samples = readSamplesJsonl(SAMPLES, { sortByDocId: false });
    const rebuilt = await Promise.all(
      samples.map((s) => {
        const doc = s.doc as never;
        return createSampleLine({
          docId: s.docId,
          doc: s.doc!,
          target: docToTarget(doc),
          prompt: buildPrompt(doc),
          response: s.filteredResps[0]!,
          metrics: { future_acc: scoreSample(doc, s.filteredResps[0]!) },
        });
      }),
    );
    expect(writeSamplesJsonl(rebuilt)).toBe(SAMPLES);
  });

  it('reads upstream reduced lines (no doc, scalar filtered_resps)', () => {
    const line =
      '{"doc_id": 3, "target": "B", "filtered_resps": "B.", "input": "q", "token_counts": [2], "future_acc": {"video_id": "x", "question_type": "hop1", "pred_answer": "B", "answer": "B"}}\n';
    const [s] = readSamplesJsonl(line);
    expect(s!.doc).toBeUndefined();
    expect(s!.filteredResps).toEqual(['B.']);
    expect(Object.keys(s!.metrics)).toEqual(['future_acc']);
  });

  it('names the line of a bad record', () => {
    expect(() => readSamplesJsonl('{"doc_id": 0}\n')).toThrowErrorMatchingInlineSnapshot(
      `[LmmsFormatError: line 1: missing required key "target"]`,
    );
    expect(() => readSamplesJsonl('\n{oops\n')).toThrow(LmmsFormatError);
    expect(() =>
      readSamplesJsonl('{"doc_id": 0, "target": "A", "filtered_resps": ["A"], "input": ""}', {
        metrics: ['future_acc'],
      }),
    ).toThrowErrorMatchingInlineSnapshot(`[LmmsFormatError: line 1: missing required key "future_acc"]`);
  });
});

describe('lmms-eval results file', () => {
  it('reads the metric', () => {
    const r = readResultsJson(RESULTS);
    expect(getResultMetric(r, 'futurebench', 'future_acc')).toBe(25);
    expect(getResultMetric(r, 'futurebench', 'future_acc_stderr')).toBe('N/A');
    expect(r['model_name_sanitized']).toBe('model__');
  });

  it('round-trips byte for byte with preserveFloats', () => {
    const r = readResultsJson(RESULTS, { preserveFloats: true });
    expect(writeResultsJson(r)).toBe(RESULTS);
    expect(getResultMetric(r, 'futurebench', 'future_acc')).toBe(25);
  });

  it('plain read → write keeps every value (floats become plain numbers)', () => {
    const r = readResultsJson(RESULTS);
    expect(JSON.parse(writeResultsJson(r))).toEqual(JSON.parse(RESULTS));
  });

  it('createResultsJson writes the reference aggregate as a Python float', () => {
    const samples = readSamplesJsonl(SAMPLES);
    const agg = aggregate(sampleRecords(samples, 'futurebench'));
    const r = createResultsJson({
      task: 'futurebench',
      metric: 'future_acc',
      aggregate: agg,
      model: 'nextevent',
      date: '20250601_153012',
    });
    const text = writeResultsJson(r);
    expect(text).toContain('"future_acc,none": 25.0,');
    expect(text).toContain('"temperature": 0.0,');
    const back = readResultsJson(text);
    expect(getResultMetric(back, 'futurebench', 'future_acc')).toBe(agg.overall);
    // The results block is byte-identical to the lmms-eval file's.
    const block = (t: string) => t.slice(0, t.indexOf('"group_subtasks"'));
    expect(block(text)).toBe(block(RESULTS));
    expect(r.results.futurebench!['future_acc,none']).toBeInstanceOf(PythonFloat);
  });

  it('rejects files without results', () => {
    expect(() => readResultsJson('{"config": {}}')).toThrowErrorMatchingInlineSnapshot(
      `[LmmsFormatError: results file: missing "results" object]`,
    );
  });
});

describe('lmms-eval output paths', () => {
  // Expected values computed with lmms-eval's _get_model_name / sanitize_model_name in CPython.
  it.each([
    ['pretrained=/path/to/model/,max_num_frames=32,use_flash_attention_2=True', '/path/to/model/', 'model__'],
    ['pretrained=Qwen/Qwen2.5-VL-7B-Instruct', 'Qwen/Qwen2.5-VL-7B-Instruct', 'Qwen__Qwen2.5-VL-7B-Instruct'],
    ['peft=a/b:c,pretrained=x/y', 'a/b:c', 'a__b__c'],
    ['max_num_frames=32', '', ''],
    ['model=gpt-4o?x*[1]', 'gpt-4o?x*[1]', 'gpt-4o__x__1__'],
    ['pretrained=x,pretrained=y', 'x', 'x'],
    ['engine=<a|b>', '<a|b>', '__a__b__'],
  ])('%s', (args, name, sanitized) => {
    expect(lmmsModelName(args)).toBe(name);
    expect(sanitizeModelName(name)).toBe(sanitized);
  });

  it('file names', () => {
    expect(
      lmmsOutputPaths({
        modelArgs: 'pretrained=/path/to/model/',
        date: '20250601_153012',
        task: 'futurebench',
      }),
    ).toEqual({
      dir: 'model__',
      results: 'model__/20250601_153012_results.json',
      samples: 'model__/20250601_153012_samples_futurebench.jsonl',
    });
    // 2025-06-01T07:30:12Z is 15:30:12 in Singapore (UTC+8).
    expect(lmmsDateString(new Date(Date.UTC(2025, 5, 1, 7, 30, 12)))).toBe('20250601_153012');
    expect(lmmsDateString(new Date(Date.UTC(2025, 5, 1, 7, 30, 12)), 'UTC')).toBe('20250601_073012');
  });
});
