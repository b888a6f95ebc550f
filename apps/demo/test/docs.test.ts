import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocsFileError, optionLetters, parseDocsFile } from '../src/docs.js';

const sampleText = readFileSync(new URL('../public/futurebench-sample.json', import.meta.url), 'utf8');

describe('parseDocsFile', () => {
  it('reads the bundled sample docs: four questions, answers among their options, video_path in video_dataset/', () => {
    const docs = parseDocsFile(sampleText, 'futurebench-sample.json');
    expect(docs).toHaveLength(4);
    for (const doc of docs) {
      expect(optionLetters(doc)).toEqual(['A', 'B', 'C', 'D']);
      expect(Object.keys(doc.qa.Options)).toContain(doc.qa.Answer);
      expect(['hop1', 'hop2', 'hop3', 'hop5']).toContain(doc.question_type);
      // lmms-eval resolves clips with video_path.split('video_dataset/')[1]
      expect(doc.video_path.split('video_dataset/')[1]).toBe('sample.mp4');
    }
  });

  it('accepts a bare array (a slice of futurebench.json)', () => {
    const docs = (JSON.parse(sampleText) as { docs: unknown[] }).docs;
    expect(parseDocsFile(JSON.stringify(docs.slice(0, 2)), 'slice.json')).toHaveLength(2);
  });

  it('names the file, the doc and the field that is wrong', () => {
    const options = { A: 'a', B: 'b', C: 'c', D: 'd' };
    const bad = [
      {
        id: 'ok',
        question_type: 'hop1',
        video_path: 'v',
        qa: { Question: 'q', Options: options, Answer: 'A' },
      },
      {
        id: 'broken',
        question_type: 'hop1',
        video_path: 'v',
        qa: { Question: 'q', Options: { ...options, A: 1 }, Answer: 'A' },
      },
    ];
    expect(() => parseDocsFile(JSON.stringify(bad), 'mine.json')).toThrowError(DocsFileError);
    expect(() => parseDocsFile(JSON.stringify(bad), 'mine.json')).toThrowErrorMatchingInlineSnapshot(
      `[DocsFileError: mine.json: FutureBench doc 1 (id "broken"): qa.Options.A: Invalid input: expected string, received number]`,
    );
  });

  it('rejects non-JSON, empty lists and other shapes', () => {
    expect(() => parseDocsFile('{', 'a.json')).toThrowError(/a\.json: not valid JSON/);
    expect(() => parseDocsFile('[]', 'b.json')).toThrowErrorMatchingInlineSnapshot(
      `[DocsFileError: b.json: the file holds no docs]`,
    );
    expect(() => parseDocsFile('{"questions": []}', 'c.json')).toThrowErrorMatchingInlineSnapshot(
      `[DocsFileError: c.json: expected an array of FutureBench docs or an object with a "docs" array]`,
    );
  });
});
