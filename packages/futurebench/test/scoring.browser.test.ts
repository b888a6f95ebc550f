// Runs in headless Chromium (vitest `browser` project): the package is browser-safe (no node: imports), and the
// reference extraction, scoring, aggregation and lmms-eval line building give the golden values there too.
import { describe, expect, it } from 'vitest';
import {
  aggregate,
  createSampleLine,
  extractAnswer,
  scoreSample,
  v1Reward,
  writeSamplesJsonl,
  readSamplesJsonl,
  buildPrompt,
  docToTarget,
} from '@nextevent/futurebench';
import extractText from './golden/extract.jsonl?raw';
import aggregateText from './golden/aggregate.json?raw';
import samplesText from './fixtures/20250601_153012_samples_futurebench.jsonl?raw';

interface Row {
  id: string;
  input: string;
  futurebench_extract: string;
  futurebench_thinking_extract: string;
  v1_score_A: number;
  v1_score_C: number;
  process_doc?: never;
  futurebench_process_results?: unknown;
}

const rows = extractText
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l) as Row);

describe('futurebench in the browser', () => {
  it('runs where navigator exists (a real browser)', () => {
    expect(typeof navigator).toBe('object');
    expect(typeof window).toBe('object');
  });

  it('extracts and scores every golden row exactly', () => {
    expect(rows.length).toBeGreaterThan(0);
    const bad: string[] = [];
    for (const r of rows) {
      const direct = extractAnswer(r.input);
      const reasoning = extractAnswer(r.input, { task: 'reasoning' });
      if (direct !== r.futurebench_extract || reasoning !== r.futurebench_thinking_extract) {
        bad.push(r.id);
      }
      if (v1Reward(r.input, 'A') !== r.v1_score_A || v1Reward(r.input, 'C') !== r.v1_score_C) {
        bad.push(`${r.id} reward`);
      }
      if (r.process_doc !== undefined) {
        const got = JSON.stringify({ future_acc: scoreSample(r.process_doc, r.input) });
        if (got !== JSON.stringify(r.futurebench_process_results)) {
          bad.push(`${r.id} process_results`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('aggregates the golden cases bit-exactly', () => {
    const golden = JSON.parse(aggregateText) as {
      cases: { results: never[]; futurebench_aggregate: number }[];
    };
    for (const c of golden.cases) {
      expect(aggregate(c.results).overall).toBe(c.futurebench_aggregate);
    }
  });

  it('builds lmms-eval sample lines with Web Crypto hashes identical to Python', async () => {
    const samples = readSamplesJsonl(samplesText, { sortByDocId: false });
    const lines = await Promise.all(
      samples.map((s) =>
        createSampleLine({
          docId: s.docId,
          doc: s.doc!,
          target: docToTarget(s.doc),
          prompt: buildPrompt(s.doc as never),
          response: s.filteredResps[0]!,
          metrics: { future_acc: scoreSample(s.doc as never, s.filteredResps[0]!) },
        }),
      ),
    );
    expect(writeSamplesJsonl(lines)).toBe(samplesText);
  });
});
