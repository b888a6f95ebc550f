import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenAiClient,
  CurateUsageError,
  curateVideos,
  findVideos,
  type CurationReport,
} from '@nextevent/curate';
import { CLIP_DIR, makeClip } from './helpers/clips.js';
import { clipScript, clipUrls } from './helpers/clip-script.js';
import { startFakeServer, type FakeServer } from './helpers/fake-openai.js';
import { happyReply } from './helpers/happy-script.js';
import { ffmpegVideoTools } from './helpers/ffmpeg-video-tools.js';

const VIDEOS = join(CLIP_DIR, 'edge', 'videos');
let server: FakeServer;

beforeAll(async () => {
  const one = await makeClip(join('edge', 'videos', 'one.mp4'), 0);
  const two = await makeClip(join('edge', 'videos', 'two.mp4'), 1);
  const urls = await clipUrls({ one, two });
  // 'two' answers the critique slowly, so a run can be cancelled while it is in flight.
  server = await startFakeServer(
    clipScript(urls, {
      two: (c) => (c.stage === 'critique' ? { ...happyReply(c, 'two'), delayMs: 400 } : undefined),
    }),
  );
}, 120_000);

afterAll(async () => {
  await server.close();
});

function clients() {
  const client = createOpenAiClient({ baseUrl: server.url, model: 'fake', timeoutMs: 5000 });
  return { llm: client, vlm: client, videoTools: ffmpegVideoTools, stageOptions: { retryDelayMs: 0 } };
}

describe('curateVideos edge cases', () => {
  it('skips an output folder inside the input folder, and hidden files', async () => {
    await mkdir(join(VIDEOS, 'out', 'first_part_video'), { recursive: true });
    await writeFile(join(VIDEOS, 'out', 'first_part_video', 'x.mp4'), '');
    await writeFile(join(VIDEOS, '.hidden.mp4'), '');
    await writeFile(join(VIDEOS, 'notes.txt'), '');
    expect(await findVideos(VIDEOS, join(VIDEOS, 'out'))).toEqual(['one.mp4', 'two.mp4']);
    expect(await findVideos(VIDEOS)).toEqual(['one.mp4', 'out/first_part_video/x.mp4', 'two.mp4']);
    await rm(join(VIDEOS, 'out'), { recursive: true });
  });

  it('an unexpected error fails that video only, with the stage it happened in', async () => {
    const out = join(CLIP_DIR, 'edge', 'out-error');
    await rm(out, { recursive: true, force: true });
    const { records, report } = await curateVideos({
      ...clients(),
      videosDir: VIDEOS,
      outDir: out,
      async videoParts(path) {
        if (path.endsWith('two.mp4')) {
          throw new Error('cannot read two.mp4');
        }
        return [
          {
            type: 'video_url',
            video_url: { url: `data:video/mp4;base64,${(await readFile(path)).toString('base64')}` },
          },
        ];
      },
    });
    expect(records.map((r) => r.video_path)).toEqual(['video_dataset/one.mp4']);
    expect(report.failures).toEqual([
      {
        video: 'two.mp4',
        stage: 'caption',
        reason: 'error',
        message: 'stage "caption" failed after 1 attempt(s): error: Error: cannot read two.mp4',
        attempts: [{ reason: 'error', message: 'Error: cannot read two.mp4' }],
      },
    ]);
    expect(report.stages.caption).toEqual({ ok: 1, cached: 0, failed: 1 });
  });

  it('videoParts gets the run signal; videoPartsKey keys the VLM stages of a resumed run', async () => {
    const out = join(CLIP_DIR, 'edge', 'out-parts-key');
    await rm(out, { recursive: true, force: true });
    const ac = new AbortController();
    const seen: (AbortSignal | undefined)[] = [];
    const videoParts = async (path: string, signal?: AbortSignal) => {
      seen.push(signal);
      return [
        {
          type: 'video_url' as const,
          video_url: { url: `data:video/mp4;base64,${(await readFile(path)).toString('base64')}` },
        },
      ];
    };
    const run = (resume: boolean, videoPartsKey?: string) =>
      curateVideos({
        ...clients(),
        videosDir: VIDEOS,
        outDir: out,
        concurrency: 1,
        resume,
        signal: ac.signal,
        videoParts,
        ...(videoPartsKey === undefined ? {} : { videoPartsKey }),
      });
    const first = await run(false, 'frames:a');
    expect(first.records).toHaveLength(2);
    expect(seen).toEqual([ac.signal, ac.signal]);

    const same = await run(true, 'frames:a');
    expect(same.report.stages.caption).toEqual({ ok: 0, cached: 2, failed: 0 });
    expect(same.report.stages.grounding).toEqual({ ok: 0, cached: 2, failed: 0 });
    expect(seen).toHaveLength(2);

    const other = await run(true, 'frames:b');
    expect(other.report.stages.caption).toEqual({ ok: 2, cached: 0, failed: 0 });
    expect(other.report.stages.grounding).toEqual({ ok: 2, cached: 0, failed: 0 });
    expect(other.report.stages.events).toEqual({ ok: 0, cached: 2, failed: 0 });

    // No key is the default input's key, which differs from both.
    const none = await run(true);
    expect(none.report.stages.caption).toEqual({ ok: 2, cached: 0, failed: 0 });

    await expect(
      curateVideos({ ...clients(), videosDir: VIDEOS, outDir: out, videoPartsKey: 1 as unknown as string }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: options.videoPartsKey, when provided, must be a string]`,
    );
  });

  it('cancelling writes nothing final but caches what finished; resume completes the rest', async () => {
    const out = join(CLIP_DIR, 'edge', 'out-abort');
    await rm(out, { recursive: true, force: true });
    const ac = new AbortController();
    const result = await curateVideos({
      ...clients(),
      videosDir: VIDEOS,
      outDir: out,
      concurrency: 1,
      signal: ac.signal,
      onProgress(e) {
        if (e.kind === 'stage' && e.video === 'two.mp4' && e.stage === 'rewrite') {
          ac.abort(new Error('user pressed Ctrl-C'));
        }
      },
    });
    expect(result.report.aborted).toBe(true);
    expect(result.records.map((r) => r.video_path)).toEqual(['video_dataset/one.mp4']);
    expect(result.report.failures).toEqual([]);
    // No partial dataset or report that could pass for a finished run; the stage cache stays.
    expect(result.files).toBeUndefined();
    expect(existsSync(join(out, 'next_event_prediction.json'))).toBe(false);
    expect(existsSync(join(out, 'curation_report.json'))).toBe(false);
    expect(existsSync(join(out, '.curate-cache'))).toBe(true);

    const resumed = await curateVideos({ ...clients(), videosDir: VIDEOS, outDir: out, resume: true });
    expect(resumed.report.failures).toEqual([]);
    expect(resumed.report.aborted).toBe(false);
    expect(resumed.records).toHaveLength(2);
    expect(resumed.report.stages.rewrite).toEqual({ ok: 0, cached: 2, failed: 0 });
    expect(resumed.report.stages.critique).toEqual({ ok: 1, cached: 1, failed: 0 });
    const saved = JSON.parse(await readFile(join(out, 'curation_report.json'), 'utf8')) as CurationReport;
    expect(saved.aborted).toBe(false);
  });

  it('probes each video first: a file that cannot be decoded costs no model request', async () => {
    const dir = join(CLIP_DIR, 'edge', 'junk');
    const out = join(CLIP_DIR, 'edge', 'out-junk');
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'broken.mp4'), 'not a video at all');
    const before = server.calls.length;
    const { records, report } = await curateVideos({ ...clients(), videosDir: dir, outDir: out });
    expect(server.calls.length).toBe(before);
    expect(records).toEqual([]);
    expect(report.failures).toMatchObject([{ video: 'broken.mp4', stage: 'probe', reason: 'video' }]);
    expect(report.failures[0]?.message).toContain('probing broken.mp4');
    expect(report.stages.probe).toEqual({ ok: 0, cached: 0, failed: 1 });
    expect(report.stages.caption).toEqual({ ok: 0, cached: 0, failed: 0 });
  });

  it('refuses a folder without videos and writes nothing', async () => {
    const dir = join(CLIP_DIR, 'edge', 'empty');
    const out = join(CLIP_DIR, 'edge', 'out-empty');
    await rm(dir, { recursive: true, force: true });
    await rm(out, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'notes.txt'), 'no videos here');
    const err = await curateVideos({ ...clients(), videosDir: dir, outDir: out }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CurateUsageError);
    expect(err).toMatchObject({ option: 'videosDir' });
    expect((err as Error).message).toBe(
      `${dir} holds no video (searched recursively for .mp4, .m4v, .mov, .webm, .mkv, .avi)`,
    );
    expect(existsSync(out)).toBe(false);
  });
});
