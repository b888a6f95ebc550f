import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeAction, type FakeOpenAIServer } from '@nextevent/eval';
import {
  FB_DATA,
  FB_DOCS,
  FB_ROOT,
  futurebenchEvalArgs,
  SB_DATA,
  SB_ROOT,
  commandsWithFakeFrames,
  docOf,
  expectedPrompt,
  fixtureCopy,
  readJsonl,
  runCli,
  tmp,
  type Json,
} from './helpers/cli.js';

let server: FakeOpenAIServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * The fake model: right on hop1/hop2 docs, wrong on hop3/hop5 (answers the letter after the right one, phrased
 * "The answer is X"). Expected accuracy is computed from this rule, not from our scorer.
 */
function modelAnswer(body: unknown): string {
  const doc = docOf(body);
  if (doc.question_type === 'hop1' || doc.question_type === 'hop2') {
    return doc.qa.Answer;
  }
  const wrong = 'ABCD'[('ABCD'.indexOf(doc.qa.Answer) + 1) % 4];
  return `The answer is ${wrong}`;
}
const good = (body: unknown): FakeAction => ({ type: 'answer', content: modelAnswer(body) });

const baseArgs = (url: string, out: string): string[] => [
  ...futurebenchEvalArgs(out),
  '--base-url',
  url,
  '--model',
  'Qwen/Qwen2.5-VL-7B-Instruct',
  '--bootstrap',
  '200',
  '--retry-base-ms',
  '5',
];

/** Per hop: [correct, total] by the fake model's rule. */
const hopCounts = (): Record<string, [number, number]> => {
  const m: Record<string, [number, number]> = {};
  for (const d of FB_DOCS) {
    const c = (m[d.question_type] ??= [0, 0]);
    c[1]++;
    if (d.question_type === 'hop1' || d.question_type === 'hop2') {
      c[0]++;
    }
  }
  return m;
};

const key = 'sk-very-secret-0123456789';

describe('nextevent eval --backend openai (fake server, fake frames)', () => {
  it('sends one vLLM video part per doc with the task prompt and settings, and writes lmms-eval outputs', async () => {
    server = await startFakeOpenAIServer({ handle: good });
    const out = tmp();
    const r = await runCli([...baseArgs(server.baseUrl, out), '--json'], {
      commands: commandsWithFakeFrames(4),
    });
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(FB_DOCS.length);

    for (const req of server.requests) {
      const body = req.body as Json;
      const doc = docOf(body);
      expect(body.model).toBe('Qwen/Qwen2.5-VL-7B-Instruct');
      expect(body.messages[0]).toEqual({ role: 'system', content: 'You are a helpful assistant.' });
      const parts = body.messages[1].content;
      expect(parts.map((p: Json) => p.type)).toEqual(['video_url', 'text']);
      expect(parts[1].text).toBe(expectedPrompt(doc));
      const url: string = parts[0].video_url.url;
      expect(url.startsWith('data:video/jpeg;base64,')).toBe(true);
      const frames = url.slice('data:video/jpeg;base64,'.length).split(',');
      expect(frames).toHaveLength(4);
      for (const f of frames) {
        const meta = await sharp(Buffer.from(f, 'base64')).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(['jpeg', 56, 56]);
      }
      expect(body.media_io_kwargs).toEqual({ video: { num_frames: 4, fps: 2 } });
      expect(body.max_tokens).toBe(16);
      expect(body.temperature).toBe(0);
      expect(body.top_p).toBe(1);
    }

    const summary = JSON.parse(r.stdout);
    const counts = hopCounts();
    const correct = Object.values(counts).reduce((a, [c]) => a + c, 0);
    const overall = summary.accuracy.find((g: Json) => g.group === 'overall');
    expect(overall.n).toBe(FB_DOCS.length);
    expect(overall.correct).toBe(correct);
    expect(overall.accuracy).toBeCloseTo((100 * correct) / FB_DOCS.length, 10);
    expect(overall.ci.low).toBeLessThanOrEqual(overall.accuracy);
    expect(overall.ci.high).toBeGreaterThanOrEqual(overall.accuracy);
    for (const [hop, [c, n]] of Object.entries(counts)) {
      const g = summary.accuracy.find((x: Json) => x.group === hop);
      expect([g.n, g.correct, g.accuracy]).toEqual([n, c, (100 * c) / n]);
    }

    // lmms-eval layout: <out>/<model_sanitized>/<date>_results.json + <date>_samples_futurebench.jsonl
    expect(summary.resultsPath).toMatch(/Qwen__Qwen2\.5-VL-7B-Instruct\/\d{8}_\d{6}_results\.json$/);
    expect(summary.samplesPath).toMatch(
      /Qwen__Qwen2\.5-VL-7B-Instruct\/\d{8}_\d{6}_samples_futurebench\.jsonl$/,
    );
    const results = JSON.parse(readFileSync(summary.resultsPath, 'utf8'));
    expect(results.results.futurebench['future_acc,none']).toBeCloseTo((100 * correct) / FB_DOCS.length, 10);
    expect(results.results.futurebench['future_acc_stderr,none']).toBe('N/A');
    expect(results['n-samples'].futurebench).toEqual({ original: FB_DOCS.length, effective: FB_DOCS.length });
    // Python float formatting as lmms-eval writes the task config (interop.md §3.2).
    expect(readFileSync(summary.resultsPath, 'utf8')).toMatch(
      /"generation_kwargs": \{\n\s+"max_new_tokens": 16,\n\s+"temperature": 0\.0,\n\s+"top_p": 1\.0,/,
    );
    const lines = readJsonl(summary.samplesPath);
    expect(lines.map((l) => l.doc_id)).toEqual(FB_DOCS.map((_, i) => i));
    for (const l of lines) {
      const doc = FB_DOCS[l.doc_id]!;
      expect(l.doc).toEqual(doc);
      expect(l.target).toBe(doc.qa.Answer);
      expect(l.input).toBe(expectedPrompt(doc));
      expect(l.future_acc.video_id).toBe(doc.id);
      expect(l.future_acc.answer).toBe(doc.qa.Answer);
      expect(l.future_acc.question_type).toBe(doc.question_type);
      expect(l.filtered_resps).toEqual([l.resps[0][0]]);
    }
  });

  it('--prompt reasoning: the R1 instruction, 2048 tokens, scored from <answer>…</answer>', async () => {
    // The commented-out reasoning kwargs of the task yaml (scoring fixture prompt_kwargs.json).
    const pre =
      'You FIRST think about the reasoning process as an internal monologue and then provide the final answer.\n' +
      'The reasoning process MUST BE enclosed within <think> </think> tags. The final answer MUST BE put in <answer> </answer> tags.';
    server = await startFakeOpenAIServer({
      handle: (body) => {
        const doc = docOf(body);
        // Mentions a wrong letter first, so only <answer> extraction scores it right.
        const wrong = 'ABCD'[('ABCD'.indexOf(doc.qa.Answer) + 1) % 4];
        return { type: 'answer', content: `<think>Not ${wrong}.</think><answer>${doc.qa.Answer}</answer>` };
      },
    });
    const r = await runCli([...baseArgs(server.baseUrl, tmp()), '--prompt', 'reasoning', '--json'], {
      commands: commandsWithFakeFrames(),
    });
    expect(r.code).toBe(0);
    for (const req of server.requests) {
      const body = req.body as Json;
      const doc = docOf(body);
      const o = doc.qa.Options;
      expect(body.messages[1].content[1].text).toBe(
        `${pre}\n${doc.qa.Question}\nA. ${o.A}\nB. ${o.B}\nC. ${o.C}\nD. ${o.D}\n`,
      );
      expect(body.max_tokens).toBe(2048);
    }
    expect(JSON.parse(r.stdout).accuracy[0]).toMatchObject({ group: 'overall', n: 6, correct: 6 });
  });

  it('sends frames as image parts with --frames-as images', async () => {
    server = await startFakeOpenAIServer({ handle: good });
    const r = await runCli([...baseArgs(server.baseUrl, tmp()), '--frames-as', 'images', '--limit', '2'], {
      commands: commandsWithFakeFrames(6),
    });
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(2);
    for (const req of server.requests) {
      const body = req.body as Json;
      const parts = body.messages[1].content;
      expect(parts.map((p: Json) => p.type)).toEqual([...Array(6).fill('image_url'), 'text']);
      expect(parts[0].image_url.url).toMatch(/^data:image\/jpeg;base64,\/9j\//);
      expect(body.media_io_kwargs).toBeUndefined();
    }
    expect(r.stdout).toMatch(/^futurebench · Qwen\/Qwen2\.5-VL-7B-Instruct\n/);
    expect(r.stdout).toMatch(/\noverall +2 +2 +100\.00/);
  });

  it('survives 429 with Retry-After, 500, timeouts, garbage, resets and slow answers', async () => {
    const faults: FakeAction[] = [
      { type: 'status', status: 429, headers: { 'retry-after': '0.2' } },
      { type: 'status', status: 500 },
      { type: 'hang' },
      { type: 'garbage' },
      { type: 'reset' },
      { type: 'status', status: 502, body: '<html>bad gateway</html>' },
    ];
    server = await startFakeOpenAIServer({
      handle: (body, i) => faults[i] ?? { ...good(body), delayMs: 50 * (i % 3) },
    });
    const out = tmp();
    const r = await runCli(
      [...baseArgs(server.baseUrl, out), '--timeout', '1', '--concurrency', '3', '--json'],
      {
        commands: commandsWithFakeFrames(),
      },
    );
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    // Every injected fault cost one retry (a loaded machine may add a timeout or two, never fewer).
    expect(summary.retries).toBeGreaterThanOrEqual(faults.length);
    expect(summary.failures).toEqual([]);
    expect(server.requests).toHaveLength(FB_DOCS.length + summary.retries);
    expect(server.requests.slice(0, faults.length).map((q) => q.action)).toEqual(faults.map((f) => f.type));
    const lines = readJsonl(summary.samplesPath);
    expect(lines.map((l) => l.doc_id).sort()).toEqual(FB_DOCS.map((_, i) => i));
    const journal = readJsonl(join(out, 'futurebench.journal.jsonl'));
    expect(journal).toHaveLength(FB_DOCS.length);
    expect(new Set(journal.map((j) => j.doc_id)).size).toBe(FB_DOCS.length);
  });

  describe('failed requests are never scored silently', () => {
    const broken = FB_DOCS[2]!; // always 500
    const handle = (body: unknown): FakeAction =>
      docOf(body).id === broken.id ? { type: 'status', status: 500 } : good(body);
    const args = (url: string, out: string) => [...baseArgs(url, out), '--max-attempts', '2', '--json'];

    it('default: the run fails, lists the sample, writes no results, and --resume retries only it', async () => {
      server = await startFakeOpenAIServer({ handle });
      const out = tmp();
      const r = await runCli(args(server.baseUrl, out), { commands: commandsWithFakeFrames() });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`1 sample(s) failed after all retries (5/6 completed and saved)`);
      expect(r.stderr).toContain(`doc 2 (${broken.id}): HTTP 500`);
      expect(r.stderr).toContain('gave up after 2 attempts');
      expect(JSON.parse(r.stdout)).toMatchObject({
        status: 'failed',
        completed: 5,
        failures: [{ doc_id: 2, id: broken.id }],
      });
      expect(readdirSync(out).sort()).toEqual(['futurebench.journal.jsonl', 'futurebench.run.json']);
      expect(server.requests).toHaveLength(5 + 2);

      await server.close();
      server = await startFakeOpenAIServer({ handle: good });
      const r2 = await runCli([...args(server.baseUrl, out), '--resume'], {
        commands: commandsWithFakeFrames(),
      });
      expect(r2.code).toBe(0);
      expect(server.requests.map((q) => docOf(q.body).id)).toEqual([broken.id]);
      expect(JSON.parse(r2.stdout)).toMatchObject({ status: 'completed', resumed: 5, completed: 6 });
    });

    it('--on-failure exclude scores the rest and reports the failure', async () => {
      server = await startFakeOpenAIServer({ handle });
      const r = await runCli([...args(server.baseUrl, tmp()), '--on-failure', 'exclude'], {
        commands: commandsWithFakeFrames(),
      });
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      expect(s.failures).toMatchObject([{ doc_id: 2 }]);
      expect(s.accuracy[0]).toMatchObject({ group: 'overall', n: 5 });
      expect(readJsonl(s.samplesPath).map((l) => l.doc_id)).toEqual([0, 1, 3, 4, 5]);
      const results = JSON.parse(readFileSync(s.resultsPath, 'utf8'));
      expect(results.nextevent.failed_samples).toMatchObject([{ doc_id: 2, id: broken.id }]);
      expect(r.stderr).toContain('1 sample(s) failed after all retries and were excluded');
    });

    it('--on-failure exclude with every sample failed is a failure, not an accuracy over zero samples', async () => {
      server = await startFakeOpenAIServer({ handle: () => ({ type: 'status', status: 500 }) });
      const out = tmp();
      const r = await runCli([...args(server.baseUrl, out), '--on-failure', 'exclude'], {
        commands: commandsWithFakeFrames(),
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        'FailedSamplesError: all 6 sample(s) failed after all retries and --on-failure exclude excluded them: ' +
          'no sample is left to score, so no accuracy is reported',
      );
      expect(JSON.parse(r.stdout)).toMatchObject({ status: 'failed', completed: 0 });
      // No results or samples file: only the run state that --resume continues from.
      expect(readdirSync(out).sort()).toEqual(['futurebench.journal.jsonl', 'futurebench.run.json']);
    });

    it('--on-failure wrong counts the failure as a wrong answer', async () => {
      server = await startFakeOpenAIServer({ handle });
      const r = await runCli([...args(server.baseUrl, tmp()), '--on-failure', 'wrong'], {
        commands: commandsWithFakeFrames(),
      });
      expect(r.code).toBe(0);
      const s = JSON.parse(r.stdout);
      const counts = hopCounts();
      const correct = Object.values(counts).reduce((a, [c]) => a + c, 0);
      // doc 2 is hop3, which the fake model gets wrong anyway; count it wrong either way.
      expect(s.accuracy[0]).toMatchObject({ group: 'overall', n: 6, correct });
      const line = readJsonl(s.samplesPath).find((l) => l.doc_id === 2);
      expect(line.resps).toEqual([['']]);
      expect(line.future_acc.pred_answer).toBe('');
    });
  });

  it('stops early when the server fails every sample (--max-consecutive-failures)', async () => {
    server = await startFakeOpenAIServer({ handle: () => ({ type: 'status', status: 503 }) });
    const out = tmp();
    const r = await runCli(
      [
        ...baseArgs(server.baseUrl, out),
        '--max-attempts',
        '2',
        '--max-consecutive-failures',
        '3',
        '--concurrency',
        '1',
        '--json',
      ],
      { commands: commandsWithFakeFrames() },
    );
    expect(r.code).toBe(1);
    expect(server.requests).toHaveLength(3 * 2);
    expect(r.stderr).toContain('stopped early: the last 3 samples all failed after every retry');
    expect(JSON.parse(r.stdout)).toMatchObject({
      status: 'failed',
      completed: 0,
      failures: [{ doc_id: 0 }, { doc_id: 1 }, { doc_id: 2 }],
    });
  });

  it('stops at once on a fatal 401 and never prints or writes the API key (even when the server echoes it)', async () => {
    server = await startFakeOpenAIServer({
      handle: (_b, i) => ({
        type: 'status',
        status: 401,
        body: `{"error":"invalid api key ${i === 0 ? key : ''}"}`,
      }),
    });
    const out = tmp();
    const r = await runCli(
      [...baseArgs(server.baseUrl, out), '--api-key-env', 'MY_KEY', '--concurrency', '1'],
      {
        env: { MY_KEY: key },
        commands: commandsWithFakeFrames(),
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/HTTP 401/);
    expect(r.stderr).toContain('invalid api key ***');
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${key}`);
    expect(r.stdout + r.stderr).not.toContain(key);
    for (const f of readdirSync(out, { recursive: true }) as string[]) {
      const p = join(out, f);
      if (existsSync(p) && f.includes('.')) {
        expect(readFileSync(p, 'utf8')).not.toContain(key);
      }
    }
  });

  it('bounds the numeric flags: --jpeg-quality above 100, a --timeout no timer can hold or a huge --bootstrap is a usage error', async () => {
    const out = join(tmp(), 'run');
    for (const bad of [
      ['--jpeg-quality', '500'],
      ['--jpeg-quality', '0'],
      ['--timeout', '3000000'],
      ['--max-retry-wait', '3000000'],
      ['--bootstrap', '2000000'],
    ]) {
      const r = await runCli([...baseArgs('http://127.0.0.1:9/v1', out), ...bad], {
        commands: commandsWithFakeFrames(),
      });
      expect(r.code, bad.join(' ')).toBe(2);
      expect(r.stderr).toContain(`${bad[0]} must be`);
    }
    expect(
      (await runCli([...baseArgs('http://127.0.0.1:9/v1', out), '--jpeg-quality', '500'])).stderr,
    ).toContain('--jpeg-quality must be an integer from 1 to 100, got "500"');
    expect(existsSync(out)).toBe(false);
  });

  it('is a usage error when --api-key-env names an unset variable', async () => {
    const r = await runCli([...baseArgs('http://127.0.0.1:9/v1', tmp()), '--api-key-env', 'NOPE'], {
      commands: commandsWithFakeFrames(),
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--api-key-env NOPE: that environment variable is not set or empty');
  });

  it('fails before any request when a video is missing, naming the doc and the path', async () => {
    server = await startFakeOpenAIServer({ handle: good });
    const dir = fixtureCopy();
    rmSync(join(dir, 'first_part_video/street/clip_03.mp4'));
    const r = await runCli(
      [...futurebenchEvalArgs(tmp(), dir), '--base-url', server.baseUrl, '--model', 'm'],
      { commands: commandsWithFakeFrames() },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'MissingMediaError: 2 media file(s) not found (check --video-root; no request was sent)',
    );
    expect(r.stderr).toContain(`doc 2 (fb_00003): ${join(dir, 'first_part_video/street/clip_03.mp4')}`);
    expect(r.stderr).toContain('doc 4 (fb_00005)');
    expect(server.requests).toHaveLength(0);
  });

  it('names the doc and field of an invalid data file', async () => {
    const dir = tmp();
    const docs = structuredClone(FB_DOCS) as Json[];
    docs[3].question_type = 'hop4';
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(docs));
    const r = await runCli(
      [
        'eval',
        '--task',
        'futurebench',
        '--data',
        join(dir, 'bad.json'),
        '--video-root',
        FB_ROOT,
        '--out',
        tmp(),
        '--model',
        'm',
      ],
      {
        commands: commandsWithFakeFrames(),
      },
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/doc 3.*fb_00004.*question_type/);
  });

  it('refuses to mix runs: existing --out needs --resume, and --resume needs the same settings', async () => {
    server = await startFakeOpenAIServer({ handle: good });
    const out = tmp();
    expect(
      (
        await runCli([...baseArgs(server.baseUrl, out), '--limit', '2'], {
          commands: commandsWithFakeFrames(),
        })
      ).code,
    ).toBe(0);
    const again = await runCli([...baseArgs(server.baseUrl, out), '--limit', '2'], {
      commands: commandsWithFakeFrames(),
    });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already holds a futurebench run: pass --resume');
    const other = await runCli([...baseArgs(server.baseUrl, out), '--limit', '3', '--resume'], {
      commands: commandsWithFakeFrames(),
    });
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/--resume: .* \(docs, limit differ\)/);
    const same = await runCli([...baseArgs(server.baseUrl, out), '--limit', '2', '--resume', '--json'], {
      commands: commandsWithFakeFrames(),
    });
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout)).toMatchObject({ resumed: 2, completed: 2 });
    expect(server.requests).toHaveLength(2);
    // The rate counts only this run's samples: none, not the 2 resumed ones.
    expect(same.stderr).toContain('futurebench: 2/2 (100%) 0.00/s');
  });

  it('refuses a second process on the same --out, and takes over the lock of a dead one', async () => {
    server = await startFakeOpenAIServer({ handle: good });
    const out = tmp();
    const lock = join(out, 'futurebench.lock');
    writeFileSync(lock, `${process.ppid}\n`); // a live process
    const busy = await runCli([...baseArgs(server.baseUrl, out), '--limit', '1'], {
      commands: commandsWithFakeFrames(),
    });
    expect(busy.code).toBe(1);
    expect(busy.stderr).toContain(
      `another nextevent process (pid ${process.ppid}) is running this task in the same --out`,
    );
    expect(server.requests).toHaveLength(0);
    const dead = spawnSync(process.execPath, ['-e', '0']).pid; // exited: its lock is stale
    writeFileSync(lock, `${dead}\n`);
    const ok = await runCli([...baseArgs(server.baseUrl, out), '--limit', '1'], {
      commands: commandsWithFakeFrames(),
    });
    expect(ok.code).toBe(0);
    expect(existsSync(lock)).toBe(false);
  });

  it('runs SEED-Bench-R1: video + image + text, or image + text when task_progress_metadata is empty', async () => {
    const sb = JSON.parse(readFileSync(SB_DATA, 'utf8'));
    server = await startFakeOpenAIServer({
      handle: (body: Json) => {
        const text: string = body.messages[1].content.at(-1).text;
        const doc = sb.find((d: Json) => text.includes(d.question));
        return { type: 'answer', content: doc.golden_choice_idx };
      },
    });
    const r = await runCli(
      [
        'eval',
        '--task',
        'seedbench-r1-l2',
        '--data',
        SB_DATA,
        '--video-root',
        SB_ROOT,
        '--out',
        tmp(),
        '--base-url',
        server.baseUrl,
        '--model',
        'm',
        '--json',
        '--bootstrap',
        '50',
      ],
      { commands: commandsWithFakeFrames() },
    );
    // Not a TTY: plain progress lines only, first and last.
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('seedbench_r1_l2: 0/2 (0%) 0.00/s ETA ?');
    expect(lines[1]).toMatch(/^seedbench_r1_l2: 2\/2 \(100%\) [\d.]+\/s ETA 0s$/);
    expect(r.code).toBe(0);
    const byId = new Map(
      server.requests.map((q: Json) => [
        q.body.messages[1].content.at(-1).text.includes(sb[0].question) ? 0 : 1,
        q.body,
      ]),
    );
    const first: Json = byId.get(0);
    expect(first.messages[1].content.map((p: Json) => p.type)).toEqual(['video_url', 'image_url', 'text']);
    expect(first.messages[1].content[1].image_url.url).toBe(
      `data:image/png;base64,${readFileSync(join(SB_ROOT, 'images/ego4d/obs_0001.png')).toString('base64')}`,
    );
    const second: Json = byId.get(1);
    expect(second.messages[1].content.map((p: Json) => p.type)).toEqual(['image_url', 'text']);
    const text: string = second.messages[1].content[1].text;
    expect(text).toBe(
      `\n${sb[1].question}\nA. ${sb[1].choice_a}\nB. ${sb[1].choice_b}\nC. ${sb[1].choice_c}\nD. ${sb[1].choice_d}\n\nAnswer with the option's letter from the given choices directly.`,
    );
    const s = JSON.parse(r.stdout);
    expect(s.accuracy).toEqual([
      expect.objectContaining({ group: 'overall', n: 2, correct: 2, accuracy: 100 }),
    ]);
    expect(s.samplesPath).toMatch(/_samples_seedbench_r1_l2\.jsonl$/);
    expect(readJsonl(s.samplesPath)[0].seedbench_r1_acc).toEqual({
      video_id: 'sb_0001',
      pred_answer: 'C',
      answer: 'C',
    });
  });
});
