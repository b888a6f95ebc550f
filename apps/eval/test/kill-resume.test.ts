import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeAction, type FakeOpenAIServer } from '@nextevent/eval';
import { bundleChildCli } from './helpers/bundle-child.js';
import { FB_DOCS, FB_ROOT, readJsonl, tmp, type Json } from './helpers/cli.js';

// 36 docs (the fixture's 6 docs × 6, distinct ids and questions, same clips) so a run lasts long enough to be
// killed twice in the middle.
const DOCS = Array.from({ length: 36 }, (_, i) => {
  const d = structuredClone(FB_DOCS[i % FB_DOCS.length]!);
  d.id = `kill_${String(i).padStart(3, '0')}`;
  d.qa.Question = `${d.qa.Question} [q${i}]`;
  return d;
});
const idOf = (body: Json): string => /\[q(\d+)\]/.exec(JSON.stringify(body))![1]!;

let childPath = '';
let server: FakeOpenAIServer;
beforeAll(async () => {
  childPath = await bundleChildCli();
  let n = 0;
  server = await startFakeOpenAIServer({
    handle: (body): FakeAction => {
      n++;
      // Sprinkle faults: every 7th request 503 with Retry-After, every 11th a connection reset.
      if (n % 7 === 0) {
        return { type: 'status', status: 503, headers: { 'retry-after': '0.05' } };
      }
      if (n % 11 === 0) {
        return { type: 'reset' };
      }
      const doc = DOCS[Number(idOf(body))]!;
      return { type: 'answer', content: doc.qa.Answer, delayMs: 20 + (n % 5) * 10 };
    },
  });
});
afterAll(async () => {
  await server.close();
  rmSync(dirname(childPath), { recursive: true, force: true });
});

function journalIds(path: string): number[] {
  return existsSync(path) ? readJsonl(path).map((r) => r.doc_id as number) : [];
}

/** Starts the CLI; resolves with its exit code (null when killed) and output. */
function startCli(args: string[]): {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
} {
  const child = spawn(process.execPath, [childPath, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done };
}

/** Runs the CLI and SIGKILLs it as soon as the journal holds at least `atLeast` samples. */
async function runAndKill(args: string[], journal: string, atLeast: number): Promise<number[]> {
  const { child, done } = startCli(args);
  const timer = setInterval(() => {
    if (journalIds(journal).length >= atLeast) {
      child.kill('SIGKILL');
    }
  }, 2);
  const r = await done;
  clearInterval(timer);
  expect(r.code, `the CLI finished before it could be killed:\n${r.stderr}`).toBeNull();
  return journalIds(journal);
}

describe('kill -9 mid-run, twice, then --resume', () => {
  it('scores every sample exactly once and never re-requests a completed one', async () => {
    const dir = tmp();
    const data = join(dir, 'futurebench.json');
    writeFileSync(data, JSON.stringify(DOCS));
    const out = join(dir, 'out');
    const journal = join(out, 'futurebench.journal.jsonl');
    const args = ['eval', '--task', 'futurebench', '--data', data, '--video-root', FB_ROOT, '--out', out];
    args.push(
      '--base-url',
      server.baseUrl,
      '--model',
      'fake/model',
      '--concurrency',
      '4',
      '--retry-base-ms',
      '5',
    );
    args.push('--bootstrap', '100', '--json');

    const afterFirst = await runAndKill(args, journal, 8);
    const requestsAfterFirst = server.requests.length;
    const afterSecond = await runAndKill([...args, '--resume'], journal, afterFirst.length + 8);
    const requestsAfterSecond = server.requests.length;
    expect(afterSecond.slice(0, afterFirst.length)).toEqual(afterFirst); // the journal only grows
    const last = await startCli([...args, '--resume']).done;
    expect(last.stderr).not.toMatch(/error/i);
    expect(last.code).toBe(0);

    // The journal: every doc exactly once.
    const ids = journalIds(journal);
    expect(ids).toHaveLength(DOCS.length);
    expect([...ids].sort((a, b) => a - b)).toEqual(DOCS.map((_, i) => i));

    // Nothing completed before a kill was requested again afterwards.
    const laterAfterFirst = server.requests.slice(requestsAfterFirst).map((q) => Number(idOf(q.body)));
    const laterAfterSecond = server.requests.slice(requestsAfterSecond).map((q) => Number(idOf(q.body)));
    expect(laterAfterFirst.filter((id) => afterFirst.includes(id))).toEqual([]);
    expect(laterAfterSecond.filter((id) => afterSecond.includes(id))).toEqual([]);

    // The lmms-eval samples: every doc scored exactly once, all correct (the fake model always is).
    const summary = JSON.parse(last.stdout);
    expect(summary).toMatchObject({ status: 'completed', total: DOCS.length, completed: DOCS.length });
    expect(summary.resumed).toBe(afterSecond.length);
    const lines = readJsonl(summary.samplesPath);
    expect(lines.map((l) => l.doc_id)).toEqual(DOCS.map((_, i) => i));
    expect(lines.every((l) => l.future_acc.pred_answer === l.future_acc.answer)).toBe(true);
    expect(summary.accuracy[0]).toMatchObject({ group: 'overall', n: DOCS.length, correct: DOCS.length });
    expect(readFileSync(summary.resultsPath, 'utf8')).toContain('"future_acc,none": 100.0');
  });

  it('stops cleanly on SIGTERM, keeping what finished, and resumes', async () => {
    const dir = tmp();
    const data = join(dir, 'futurebench.json');
    writeFileSync(data, JSON.stringify(DOCS.slice(0, 12)));
    const out = join(dir, 'out');
    const journal = join(out, 'futurebench.journal.jsonl');
    const args = ['eval', '--task', 'futurebench', '--data', data, '--video-root', FB_ROOT, '--out', out];
    args.push(
      '--base-url',
      server.baseUrl,
      '--model',
      'fake/model',
      '--concurrency',
      '2',
      '--retry-base-ms',
      '5',
    );
    const { child, done } = startCli(args);
    const timer = setInterval(() => {
      if (journalIds(journal).length >= 3) {
        child.kill('SIGTERM');
        clearInterval(timer);
      }
    }, 2);
    const r = await done;
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /interrupted: \d+\/12 samples are saved in .*futurebench\.journal\.jsonl; re-run the same command with --resume/,
    );
    const saved = journalIds(journal);
    const last = await startCli([...args, '--resume']).done;
    expect(last.code).toBe(0);
    expect(journalIds(journal).slice(0, saved.length)).toEqual(saved);
    expect(new Set(journalIds(journal)).size).toBe(12);
  });
});
