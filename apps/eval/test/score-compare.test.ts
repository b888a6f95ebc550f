import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '@nextevent/eval';
import {
  FB_DATA,
  FB_DOCS,
  FB_ROOT,
  commandsWithFakeFrames,
  futurebenchEvalArgs,
  docOf,
  runCli,
  tmp,
} from './helpers/cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** Runs an eval whose fake model answers `answer(doc)`; returns the --out folder and the JSON summary. */
async function evalRun(answer: (doc: (typeof FB_DOCS)[number]) => string) {
  server = await startFakeOpenAIServer({
    handle: (body) => ({ type: 'answer', content: answer(docOf(body)) }),
  });
  const out = tmp();
  const r = await runCli(
    [
      ...futurebenchEvalArgs(out),
      '--base-url',
      server.baseUrl,
      '--model',
      'org/model',
      '--json',
      '--bootstrap',
      '100',
    ],
    { commands: commandsWithFakeFrames() },
  );
  expect(r.code).toBe(0);
  await server.close();
  server = undefined;
  return { out, summary: JSON.parse(r.stdout) };
}

const nextLetter = (l: string): string => 'ABCD'[('ABCD'.indexOf(l) + 1) % 4]!;

describe('nextevent score', () => {
  it('re-scores our samples file to the same numbers', async () => {
    const { summary } = await evalRun((d) =>
      d.question_type === 'hop1' ? d.qa.Answer : nextLetter(d.qa.Answer),
    );
    const r = await runCli(['score', summary.samplesPath, '--json', '--bootstrap', '100']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    const hop1 = FB_DOCS.filter((d) => d.question_type === 'hop1').length;
    expect(s.task).toBe('futurebench');
    expect(s.overall).toBeCloseTo((100 * hop1) / FB_DOCS.length, 10);
    expect(s.changed).toEqual([]);
    expect(s.accuracy.find((g: { group: string }) => g.group === 'hop1')).toMatchObject({
      n: hop1,
      correct: hop1,
      accuracy: 100,
    });
  });

  it("reads upstream lmms-eval's reduced lines and reports stored values that disagree", async () => {
    // Upstream format: no doc, scalar filtered_resps, the metric dict carries question_type.
    const lines = [
      {
        doc_id: 1,
        target: 'C',
        filtered_resps: 'The answer is C',
        input: 'q',
        future_acc: { video_id: 'x1', question_type: 'hop2', pred_answer: 'C', answer: 'C' },
      },
      {
        doc_id: 0,
        target: 'B',
        filtered_resps: 'Best answer:Best option: A',
        input: 'q',
        future_acc: { video_id: 'x0', question_type: 'hop1', pred_answer: 'B', answer: 'B' },
      },
    ];
    const file = join(tmp(), 'up_samples_futurebench.jsonl');
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const r = await runCli(['score', file]);
    expect(r.code).toBe(0);
    // "Best answer:Best option:" is one of the reference's stripped prefixes, leaving "A" (wrong; stored said B).
    expect(r.stdout).toMatch(/\noverall +2 +1 +50\.00/);
    expect(r.stdout).toContain('stored metric values: 1 differ from the re-scored ones (doc_id 0)');
  });

  it('fails with exit 1 naming the line of a broken file', async () => {
    const file = join(tmp(), 's.jsonl');
    writeFileSync(file, '{"doc_id": 0}\n');
    const r = await runCli(['score', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/line 1.*target|target.*line 1/);
  });
});

describe('nextevent compare', () => {
  it('pairs two runs by doc and lists per-hop deltas and flipped questions', async () => {
    const a = await evalRun((d) => (d.question_type === 'hop1' ? d.qa.Answer : nextLetter(d.qa.Answer)));
    const b = await evalRun((d) => (d.question_type === 'hop2' ? d.qa.Answer : nextLetter(d.qa.Answer)));
    const r = await runCli(['compare', a.out, b.summary.resultsPath, '--json', '--bootstrap', '200']);
    expect(r.code).toBe(0);
    const c = JSON.parse(r.stdout);
    const n1 = FB_DOCS.filter((d) => d.question_type === 'hop1').length;
    const n2 = FB_DOCS.filter((d) => d.question_type === 'hop2').length;
    expect(c.overall).toMatchObject({ n: FB_DOCS.length, gained: n2, lost: n1 });
    expect(c.overall.delta).toBeCloseTo((100 * (n2 - n1)) / FB_DOCS.length, 10);
    expect(c.byType.hop1).toMatchObject({ n: n1, a: 100, b: 0, delta: -100 });
    expect(c.byType.hop2).toMatchObject({ n: n2, a: 0, b: 100, delta: 100 });
    expect(c.flipped).toHaveLength(n1 + n2);
    const text = await runCli(['compare', a.summary.samplesPath, b.out]);
    expect(text.stdout).toMatch(/\nhop1 +2 +100\.00 +0\.00 +-100\.00/);
    expect(text.stdout).toContain(`flipped (${n1 + n2}):`);
  });

  it('is a usage error with one run missing', async () => {
    const r = await runCli(['compare', tmp()]);
    expect(r.code).toBe(2);
  });

  it('bounds --bootstrap for score and compare', async () => {
    for (const cmd of [
      ['score', tmp()],
      ['compare', tmp(), tmp()],
    ]) {
      const r = await runCli([...cmd, '--bootstrap', '1000001']);
      expect(r.code, cmd[0]).toBe(2);
      expect(r.stderr).toContain('--bootstrap must be an integer from 1 to 1000000, got "1000001"');
    }
  });
});
