import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { nextEventRecordSchema } from '@nextevent/dataset';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIP_DIR, countFrames, makeClip } from '../../../packages/curate/test/helpers/clips.js';
import {
  clipScript,
  clipUrls,
  type ClipOverrides,
} from '../../../packages/curate/test/helpers/clip-script.js';
import { startFakeServer, type FakeServer } from '../../../packages/curate/test/helpers/fake-openai.js';
import { happyReply } from '../../../packages/curate/test/helpers/happy-script.js';
import { runCli, type Json } from './helpers/cli.js';

// `nextevent curate` end to end: generated clips (scene cuts at 2 s and 4 s, keyframes every second), separate
// scripted LLM and VLM servers on 127.0.0.1, the real @nextevent/video probe and split.
const VIDEOS = join(CLIP_DIR, 'cli', 'videos');
const OUT = join(CLIP_DIR, 'cli', 'out');
const FRAMES_VIDEOS = join(CLIP_DIR, 'cli-frames', 'videos');
const FRAMES_OUT = join(CLIP_DIR, 'cli-frames', 'out');
let urls: Map<string, string>;
let llm: FakeServer | undefined;
let vlm: FakeServer | undefined;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  await rm(FRAMES_OUT, { recursive: true, force: true });
  urls = await clipUrls({
    a: await makeClip(join('cli', 'videos', 'a.mp4'), 0),
    b: await makeClip(join('cli', 'videos', 'b.mp4'), 1),
    c: await makeClip(join('cli-frames', 'videos', 'c.mp4'), 2),
  });
}, 120_000);

afterAll(async () => {
  await llm?.close();
  await vlm?.close();
});

async function servers(vlmOverrides: ClipOverrides): Promise<void> {
  await llm?.close();
  await vlm?.close();
  llm = await startFakeServer(clipScript(urls));
  // The happy VLM answers 00:03.80; detectScenes finds the cut at 4 s (also a keyframe), so the split lands there.
  vlm = await startFakeServer(clipScript(urls, vlmOverrides));
}

const args = (videos = VIDEOS, out = OUT): string[] => [
  'curate',
  '--videos',
  videos,
  '--out',
  out,
  '--llm-url',
  llm!.url,
  '--vlm-url',
  vlm!.url,
  '--llm-model',
  'llm-x',
  '--max-attempts',
  '2',
  '--retry-base-ms',
  '0',
];

describe('nextevent curate', () => {
  it('turns a folder of clips into a valid V1-33K dataset and reports the failed clip', async () => {
    await servers({
      b: (c) => (c.stage === 'grounding' ? { content: 'Somewhere in the middle.' } : undefined),
    });
    const r = await runCli(args());
    expect(r.stderr).toContain('curate: 2/2');
    expect(r.stderr).not.toContain('warning');
    // A failed video fails the run by default, as in `nextevent eval` (--on-failure fail).
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      '1 video(s) failed after all attempts:\n  b.mp4 (grounding: bad-timestamp)\nRe-run with --resume to retry ' +
        'them, or pass --on-failure exclude to accept the dataset without them.\n',
    );
    expect(r.stdout).toContain('1 record(s) from 2 video(s)');
    expect(r.stdout).toContain('re-run with --resume');
    expect(existsSync(join(OUT, '.curate.lock'))).toBe(false);

    const records: Json[] = JSON.parse(readFileSync(join(OUT, 'next_event_prediction.json'), 'utf8'));
    expect(records).toHaveLength(1);
    expect(nextEventRecordSchema.safeParse(records[0]).success).toBe(true);
    expect(records[0].video_path).toBe('video_dataset/a.mp4');
    expect(records[0].video_split.scenes_timestep).toEqual([{ 'Scene 2': [0, 4] }, { 'Scene 3': [4, 6] }]);
    expect(await countFrames(join(OUT, 'first_part_video', 'a.mp4'))).toBe(120);

    const report: Json = JSON.parse(readFileSync(join(OUT, 'curation_report.json'), 'utf8'));
    expect(report.failures).toHaveLength(1);
    expect(report.failures[0]).toMatchObject({
      video: 'b.mp4',
      stage: 'grounding',
      reason: 'bad-timestamp',
      raw: 'Somewhere in the middle.',
    });
    // Models: the flag for the LLM, the server's first model for the VLM.
    expect(new Set(llm!.calls.map((c) => c.body.model))).toEqual(new Set(['llm-x']));
    expect(new Set(vlm!.calls.map((c) => c.body.model))).toEqual(new Set(['served-model']));
    expect(new Set(vlm!.calls.map((c) => c.stage))).toEqual(new Set(['caption', 'grounding']));
    // Without --max-tokens no request carries max_tokens (the server's default applies).
    expect([...llm!.calls, ...vlm!.calls].some((c) => 'max_tokens' in c.body)).toBe(false);
  });

  it('--on-failure exclude accepts the dataset without the failed video (exit 0)', async () => {
    await servers({
      b: (c) => (c.stage === 'grounding' ? { content: 'Somewhere in the middle.' } : undefined),
    });
    const out = join(CLIP_DIR, 'cli', 'out-exclude');
    await rm(out, { recursive: true, force: true });
    const r = await runCli([...args(VIDEOS, out), '--on-failure', 'exclude']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 record(s) from 2 video(s)');
    expect(r.stderr).not.toContain('failed after all attempts');
  });

  it('refuses a second run into the same --out (run lock), before any request', async () => {
    await servers({});
    // A live process other than this one holds the lock.
    const holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
    try {
      mkdirSync(OUT, { recursive: true });
      writeFileSync(join(OUT, '.curate.lock'), `${holder.pid}\n`);
      const r = await runCli([...args(), '--resume', '--llm-model', 'llm-x', '--vlm-model', 'vlm-x']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`another nextevent process (pid ${holder.pid}) is running`);
      expect(llm!.calls).toEqual([]);
      expect(vlm!.calls).toEqual([]);
      expect(existsSync(join(OUT, '.curate.lock'))).toBe(true);
    } finally {
      holder.kill();
      rmSync(join(OUT, '.curate.lock'), { force: true });
    }
  });

  it('probes each video first: a broken file fails before any request', async () => {
    await servers({});
    const dir = join(CLIP_DIR, 'cli', 'junk');
    const out = join(CLIP_DIR, 'cli', 'out-junk');
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'broken.mp4'), 'not a video');
    const r = await runCli([...args(dir, out), '--vlm-model', 'vlm-x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('broken.mp4 (probe: video)');
    expect(llm!.calls).toEqual([]);
    expect(vlm!.calls).toEqual([]);
  });

  it('a --timeout no timer can hold is a usage error', async () => {
    await servers({});
    const r = await runCli([
      ...args(join(CLIP_DIR, 'cli', 'empty'), join(CLIP_DIR, 'cli', 'out-timeout')),
      '--timeout',
      '3000000',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--timeout must be a number from 0.001 to 2147483, got "3000000"');
  });

  it('an empty --videos folder is a usage error and writes nothing', async () => {
    await servers({});
    const dir = join(CLIP_DIR, 'cli', 'empty');
    const out = join(CLIP_DIR, 'cli', 'out-empty');
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const r = await runCli(args(dir, out));
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `error: --videos ${dir}: no video found (searched recursively for .mp4, .m4v, .mov, .webm, .mkv, .avi)\n`,
    );
    expect(existsSync(out)).toBe(false);
    const missing = await runCli(args(join(dir, 'nope'), out));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--videos ${join(dir, 'nope')}: no such folder`);
    expect(existsSync(out)).toBe(false);
  });

  it('an interrupt writes nothing final, keeps the cache and exits 130', async () => {
    const ac = new AbortController();
    await servers({
      a: (c) => (c.stage === 'critique' ? { ...happyReply(c, 'a'), delayMs: 2000 } : undefined),
    });
    llm!.calls.length = 0;
    const out = join(CLIP_DIR, 'cli', 'out-interrupt');
    await rm(out, { recursive: true, force: true });
    const timer = setInterval(() => {
      if (llm!.calls.some((c) => c.stage === 'critique')) {
        ac.abort(new Error('received SIGINT'));
      }
    }, 5);
    const r = await runCli([...args(VIDEOS, out), '--concurrency', '1'], { signal: ac.signal }).finally(() =>
      clearInterval(timer),
    );
    expect(r.code).toBe(130);
    expect(r.stdout).not.toContain('wrote');
    expect(r.stderr).toContain('interrupted: nothing final was written; finished stages are cached in');
    expect(existsSync(join(out, 'next_event_prediction.json'))).toBe(false);
    expect(existsSync(join(out, 'curation_report.json'))).toBe(false);
    expect(existsSync(join(out, '.curate-cache'))).toBe(true);
    expect(existsSync(join(out, '.curate.lock'))).toBe(false);
  });

  it('an interrupt while listing the models exits 130 and writes nothing', async () => {
    await servers({});
    const ac = new AbortController();
    ac.abort(new Error('received SIGINT'));
    const out = join(CLIP_DIR, 'cli', 'out-interrupt-early');
    await rm(out, { recursive: true, force: true });
    const r = await runCli(args(VIDEOS, out), { signal: ac.signal });
    expect(r.code).toBe(130);
    expect(r.stderr).toBe('interrupted: nothing was written\n');
    expect(existsSync(out)).toBe(false);
  });

  it('checks the server URLs: a usage error for a non-URL, the URL and cause when unreachable', async () => {
    await servers({});
    const bad = await runCli([
      'curate',
      '--videos',
      VIDEOS,
      '--out',
      OUT,
      '--llm-url',
      'notaurl',
      '--vlm-url',
      vlm!.url,
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--llm-url must be an http(s) URL up to /v1');
    const srv = createServer();
    await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
    const dead = `http://127.0.0.1:${(srv.address() as AddressInfo).port}/v1`;
    await new Promise<void>((resolve) => srv.close(() => resolve()));
    const r = await runCli([
      'curate',
      '--videos',
      VIDEOS,
      '--out',
      OUT,
      '--llm-url',
      dead,
      '--vlm-url',
      vlm!.url,
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(
        `^error: LlmNetworkError: cannot reach ${dead.replace(/\./g, '\\.')}/models: .*ECONNREFUSED`,
      ),
    );
  });

  it('refuses to overwrite without --resume', async () => {
    await servers({});
    const r = await runCli(args());
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already holds curation results.*--resume/);
  });

  it('--resume redoes only the failed clip', async () => {
    await servers({});
    const r = await runCli([...args(), '--resume', '--json']);
    expect(r.code).toBe(0);
    const report: Json = JSON.parse(r.stdout);
    expect(report.records).toBe(2);
    expect(report.failures).toEqual([]);
    expect(vlm!.calls.map((c) => c.stage)).toEqual(['grounding']);
    expect(llm!.calls.every((c) => !c.text.includes('CLIP[a]'))).toBe(true);
  });

  it('checks its flags', async () => {
    await servers({});
    const r = await runCli([...args(), '--api-key-env', 'NO_SUCH_VAR']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--api-key-env NO_SUCH_VAR');
    expect((await runCli([...args(), '--concurrency', '0'])).code).toBe(2);
    const noFrames = await runCli([...args(), '--max-frames', '8']);
    expect(noFrames.code).toBe(2);
    expect(noFrames.stderr).toContain('--max-frames applies only with --video-input frames');
    const quality = await runCli([...args(), '--video-input', 'frames', '--jpeg-quality', '101']);
    expect(quality.code).toBe(2);
    expect(quality.stderr).toContain('--jpeg-quality must be an integer from 1 to 100, got 101');
    const tokens = await runCli([...args(), '--max-tokens', '0']);
    expect(tokens.code).toBe(2);
    expect(tokens.stderr).toContain('--max-tokens must be an integer ≥ 1, got "0"');
    expect(llm!.calls).toEqual([]);
    expect(vlm!.calls).toEqual([]);
  });
});

describe('nextevent curate --video-input frames', () => {
  const frameArgs = ['--video-input', 'frames', '--max-frames', '4', '--total-pixels', '20000'];

  it('sends sampled JPEG frames as image_url parts before the prompt, and --max-tokens to every model', async () => {
    await servers({});
    const r = await runCli([...args(FRAMES_VIDEOS, FRAMES_OUT), ...frameArgs, '--max-tokens', '321']);
    expect(r.stderr).not.toContain('warning');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 record(s) from 1 video(s)');

    expect(vlm!.calls.map((c) => c.stage)).toEqual(['caption', 'grounding']);
    for (const call of vlm!.calls) {
      const messages = call.body.messages as { role: string; content: Json }[];
      expect(messages).toHaveLength(1);
      const parts = messages[0]!.content as Json[];
      // The 6 s clip at 30 fps: 2 fps gives 12 frames, capped at --max-frames 4. The per-frame budget is
      // max(min(768·28·28, 20000 / 4 · 2), 1.05 · 3136) = 10000 px, so smart_resize(120, 160) scales by
      // sqrt(19200 / 10000) and floors to multiples of 28: 84 × 112.
      expect(parts.map((p) => p.type)).toEqual(['image_url', 'image_url', 'image_url', 'image_url', 'text']);
      const urls = parts.slice(0, 4).map((p) => p.image_url.url as string);
      expect(new Set(urls).size).toBe(4);
      for (const url of urls) {
        expect(url).toMatch(/^data:image\/jpeg;base64,[A-Za-z0-9+/]+=*$/);
        const meta = await sharp(Buffer.from(url.slice(url.indexOf(',') + 1), 'base64')).metadata();
        expect(meta).toMatchObject({ format: 'jpeg', width: 112, height: 84 });
      }
      expect(parts[4].text).toBe(call.text);
    }
    // The caption and the grounding get the same frames.
    const [caption, grounding] = vlm!.calls.map((c) =>
      JSON.stringify((c.body.messages as Json[])[0].content[0]),
    );
    expect(caption).toBe(grounding);

    expect(llm!.calls.length).toBeGreaterThan(0);
    for (const call of [...llm!.calls, ...vlm!.calls]) {
      expect(call.body.max_tokens).toBe(321);
    }
  });

  it('--resume reuses the VLM answers only for the same frame settings', async () => {
    await servers({});
    const same = await runCli([...args(FRAMES_VIDEOS, FRAMES_OUT), ...frameArgs, '--resume', '--json']);
    expect(same.code).toBe(0);
    expect(vlm!.calls).toEqual([]);
    expect(JSON.parse(same.stdout).stages.caption).toEqual({ ok: 0, cached: 1, failed: 0 });

    const other = await runCli([
      ...args(FRAMES_VIDEOS, FRAMES_OUT),
      ...frameArgs,
      '--jpeg-quality',
      '90',
      '--resume',
      '--json',
    ]);
    expect(other.code).toBe(0);
    expect(vlm!.calls.map((c) => c.stage)).toEqual(['caption', 'grounding']);
    expect(JSON.parse(other.stdout).stages.caption).toEqual({ ok: 1, cached: 0, failed: 0 });
  });

  it('hints at frames when the VLM answers HTTP 400 naming video_url, and only then', async () => {
    // OpenAI's answer to a video_url part.
    const openAi400 = {
      status: 400,
      body: JSON.stringify({
        error: {
          message:
            "Invalid value: 'video_url'. Supported values are: 'text', 'image_url', 'input_audio', 'file'.",
          type: 'invalid_request_error',
          param: 'messages[0].content[0].type',
          code: 'invalid_value',
        },
      }),
    };
    await servers({ c: () => openAi400 });
    const out = join(CLIP_DIR, 'cli-frames', 'out-400');
    await rm(out, { recursive: true, force: true });
    const r = await runCli(args(FRAMES_VIDEOS, out));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'hint: the VLM server answered HTTP 400 to the video_url part; servers without video input ' +
        '(OpenAI, llama.cpp, Ollama, …) take frames: re-run with --video-input frames',
    );
    // The failure itself is reported as it came.
    const report: Json = JSON.parse(readFileSync(join(out, 'curation_report.json'), 'utf8'));
    expect(report.failures).toMatchObject([{ video: 'c.mp4', stage: 'caption', reason: 'http' }]);
    expect(report.failures[0].raw).toContain("Invalid value: 'video_url'");

    await servers({ c: () => ({ status: 400, body: '{"error": "prompt too long"}' }) });
    await rm(out, { recursive: true, force: true });
    const other = await runCli(args(FRAMES_VIDEOS, out));
    expect(other.code).toBe(1);
    expect(other.stderr).not.toContain('hint:');
  });
});
