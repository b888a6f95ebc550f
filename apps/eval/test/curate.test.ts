import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { nextEventRecordSchema } from '@nextevent/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIP_DIR, countFrames, makeClip } from '../../../packages/curate/test/helpers/clips.js';
import {
  clipScript,
  clipUrls,
  type ClipOverrides,
} from '../../../packages/curate/test/helpers/clip-script.js';
import { startFakeServer, type FakeServer } from '../../../packages/curate/test/helpers/fake-openai.js';
import { runCli, type Json } from './helpers/cli.js';

// `nextevent curate` end to end: generated clips (scene cuts at 2 s and 4 s, keyframes every second), separate
// scripted LLM and VLM servers on 127.0.0.1, the real @nextevent/video probe and split.
const VIDEOS = join(CLIP_DIR, 'cli', 'videos');
const OUT = join(CLIP_DIR, 'cli', 'out');
let urls: Map<string, string>;
let llm: FakeServer | undefined;
let vlm: FakeServer | undefined;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  urls = await clipUrls({
    a: await makeClip(join('cli', 'videos', 'a.mp4'), 0),
    b: await makeClip(join('cli', 'videos', 'b.mp4'), 1),
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

const args = (): string[] => [
  'curate',
  '--videos',
  VIDEOS,
  '--out',
  OUT,
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
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('1 record(s) from 2 video(s)');
    expect(r.stdout).toContain('re-run with --resume');

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
  });
});
