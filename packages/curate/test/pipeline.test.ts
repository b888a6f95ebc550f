import { readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createListVideoProbe, generateSftData, nextEventRecordSchema } from '@nextevent/dataset';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOpenAiClient,
  curatedRecordSchema,
  curateVideos,
  CurateUsageError,
  type CurateOptions,
  type CurateProgress,
  type CuratedRecord,
  type CurationReport,
} from '@nextevent/curate';
import { CLIP_DIR, countFrames, makeClip } from './helpers/clips.js';
import { clipScript, clipUrls, type ClipOverrides } from './helpers/clip-script.js';
import { startFakeServer, type FakeServer } from './helpers/fake-openai.js';
import { ffmpegVideoTools } from './helpers/ffmpeg-video-tools.js';

const VIDEOS = join(CLIP_DIR, 'pipeline', 'videos');
const OUT = join(CLIP_DIR, 'pipeline', 'out');
const NAMES = {
  good: 'kitchen/good.mp4',
  good2: 'good2.mp4',
  badjson: 'badjson.mp4',
  refuse: 'refuse.mp4',
  static: 'static.mp4',
  slow: 'slow.mp4',
} as const;

let urls: Map<string, string>;
let server: FakeServer | undefined;

beforeAll(async () => {
  await rm(OUT, { recursive: true, force: true });
  const clips: Record<string, string> = {};
  let variant = 0;
  for (const [name, rel] of Object.entries(NAMES)) {
    clips[name] = await makeClip(join('pipeline', 'videos', rel), variant++);
  }
  urls = await clipUrls(clips);
}, 120_000);

afterAll(async () => {
  await server?.close();
});

async function run(overrides: ClipOverrides, extra: Partial<CurateOptions> = {}) {
  await server?.close();
  server = await startFakeServer(clipScript(urls, overrides));
  const llm = createOpenAiClient({ baseUrl: server.url, model: 'llm-fake', timeoutMs: 300 });
  const vlm = createOpenAiClient({ baseUrl: server.url, model: 'vlm-fake', timeoutMs: 300 });
  const progress: CurateProgress[] = [];
  const result = await curateVideos({
    videosDir: VIDEOS,
    outDir: OUT,
    llm,
    vlm,
    videoTools: ffmpegVideoTools,
    concurrency: 2,
    stageOptions: { maxAttempts: 2, retryDelayMs: 0 },
    onProgress: (e) => progress.push(e),
    ...extra,
  });
  return { result, progress, calls: server.calls };
}

const unusableJson = 'Sure! Scene 1 is the kitchen, Scene 2 the eggs.';
const failing: ClipOverrides = {
  good2: (call) => (call.stage === 'grounding' ? { content: 'Around 00:04.30' } : undefined),
  badjson: (call) => (call.stage === 'events' ? { content: unusableJson } : undefined),
  refuse: (call) =>
    call.stage === 'critique' ? { content: null, refusal: 'I will not judge this.' } : undefined,
  static: (call) =>
    call.stage === 'causal'
      ? { content: '{"suitable": "no", "optimal_split_point": "", "reasoning": "static"}' }
      : undefined,
  slow: (call) => (call.stage === 'captionSplit' ? { delayMs: 1500 } : undefined),
};

describe('curateVideos on generated clips with a scripted LLM/VLM server', () => {
  let first: { result: Awaited<ReturnType<typeof curateVideos>>; progress: CurateProgress[] };

  it('writes valid V1-33K records for the good clips and reports every failure', async () => {
    first = await run(failing);
    const { records, report } = first.result;
    expect(records.map((r) => r.video_path)).toEqual([
      'video_dataset/good2.mp4',
      'video_dataset/kitchen/good.mp4',
    ]);
    for (const r of records) {
      expect(curatedRecordSchema.safeParse(r).success).toBe(true);
    }
    const onDisk = JSON.parse(
      await readFile(join(OUT, 'next_event_prediction.json'), 'utf8'),
    ) as CuratedRecord[];
    expect(onDisk).toEqual(records);
    const good = records[1]!;
    expect(good.full_video_path).toBe('./out/video_dataset/kitchen/good.mp4');
    expect(good.events.map((e) => e.scene)).toEqual(['Scene 1', 'Scene 2', 'Scene 3']);
    expect(good.video_split.split_caption.caption_part2).toBe('The cook pours the eggs into a hot pan.');
    expect(good.ds_reasoning.rewritten_reasoning_content).toBe(
      'CLIP[good] The video shows eggs in a bowl, so they will be cooked.',
    );
    expect(good.o3_critique).toEqual({ Critique: 'The prediction matches.', Conclusion: 'right' });

    // Failures are reported with their raw answers, not lost.
    const byVideo = Object.fromEntries(report.failures.map((f) => [f.video, f]));
    expect(Object.keys(byVideo).sort()).toEqual([NAMES.badjson, NAMES.refuse, NAMES.slow]);
    expect(byVideo[NAMES.badjson]).toMatchObject({
      stage: 'events',
      reason: 'invalid-json',
      raw: unusableJson,
    });
    expect(byVideo[NAMES.badjson]!.attempts).toHaveLength(2);
    expect(byVideo[NAMES.refuse]).toMatchObject({
      stage: 'critique',
      reason: 'refusal',
      raw: 'I will not judge this.',
    });
    expect(byVideo[NAMES.slow]).toMatchObject({ stage: 'captionSplit', reason: 'timeout' });
    expect(report.dropped).toEqual({
      unsuitable: 1,
      'events:invalid-json': 1,
      'critique:refusal': 1,
      'captionSplit:timeout': 1,
    });
    const saved = JSON.parse(await readFile(join(OUT, 'curation_report.json'), 'utf8')) as CurationReport;
    expect(saved.failures).toEqual(report.failures);
  });

  it('lands the split on the known scene cut at 4 s and writes both parts', async () => {
    const { records, report } = first.result;
    for (const r of records) {
      expect(r.video_split.scenes_timestep).toEqual([{ 'Scene 2': [0, 4] }, { 'Scene 3': [4, 6] }]);
    }
    expect(report.snappedSplits).toBe(3); // good, good2 and refuse (which failed later, at the critique)
    // 4 s and 2 s at 30 fps, counted by ffprobe.
    expect(await countFrames(join(OUT, 'first_part_video', NAMES.good))).toBe(120);
    expect(await countFrames(join(OUT, 'second_part_video', NAMES.good))).toBe(60);
    expect((await stat(join(OUT, 'video_dataset', NAMES.good))).size).toBe(
      (await stat(join(VIDEOS, NAMES.good))).size,
    );
  });

  it('counts stages, tokens and progress', () => {
    const { report } = first.result;
    expect(report.videos).toBe(6);
    expect(report.records).toBe(2);
    expect(report.stages.caption).toEqual({ ok: 6, cached: 0, failed: 0 });
    expect(report.stages.events).toEqual({ ok: 5, cached: 0, failed: 1 });
    expect(report.stages.causal).toEqual({ ok: 5, cached: 0, failed: 0 });
    expect(report.stages.captionSplit).toEqual({ ok: 3, cached: 0, failed: 1 });
    expect(report.stages.critique).toEqual({ ok: 2, cached: 0, failed: 1 });
    // The fake server bills 1000 + 30 tokens per caption and 10 + 5 per other request.
    expect(report.usage.byStage.caption).toEqual({ promptTokens: 6000, completionTokens: 180 });
    expect(report.usage.byStage.events).toEqual({ promptTokens: 70, completionTokens: 35 });
    expect(report.usage.byModel['vlm-fake']).toEqual({
      promptTokens: 6000 + 3 * 10,
      completionTokens: 180 + 3 * 5,
    });
    expect(report.conclusions).toEqual({ right: 2, wrong: 0 });
    const videoEvents = first.progress.filter((e) => e.kind === 'video');
    expect(videoEvents).toHaveLength(6);
    expect(videoEvents.map((e) => e.done)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(first.progress[0]).toEqual({ kind: 'start', total: 6 });
  });

  it('feeds @nextevent/dataset: V1-33K schema and every SFT format without errors', () => {
    const { records } = first.result;
    for (const r of records) {
      expect(nextEventRecordSchema.safeParse(r).success).toBe(true);
    }
    const rels = records.map((r) => r.video_path.slice('video_dataset/'.length));
    const probe = createListVideoProbe(
      rels.flatMap((rel) => [`./out/first_part_video/${rel}`, `./out/second_part_video/${rel}`]),
    );
    const files = generateSftData(records, { seed: 0, probe, pathPrefix: './out' });
    expect(files.map((f) => [f.name, f.errorCount])).toEqual(files.map((f) => [f.name, 0]));
    const byName = Object.fromEntries(files.map((f) => [f.fileName, f.records]));
    expect(byName['video_fp_sft_data.json']).toHaveLength(2);
    expect(byName['full_video_what_happens_next_data.json']).toHaveLength(2);
    // The what-happens-next question quotes the last observed scene (Scene 2) and targets caption_part2.
    expect(JSON.stringify(byName['full_video_what_happens_next_data.json'])).toContain(
      'The cook cracks eggs into a bowl.',
    );
  });

  it('refuses to overwrite results without resume', async () => {
    await expect(run({})).rejects.toBeInstanceOf(CurateUsageError);
  });

  it('resume only does the missing work', async () => {
    const { result, calls } = await run({}, { resume: true });
    const clipsCalled = new Set(calls.map((c) => /CLIP\[([^\]]+)\]/.exec(c.text)?.[1]).filter(Boolean));
    expect([...clipsCalled].sort()).toEqual(['badjson', 'refuse', 'slow']);
    expect(calls.filter((c) => c.stage === 'caption')).toHaveLength(0);
    expect(calls.filter((c) => c.stage === 'grounding')).toHaveLength(2); // badjson and slow
    expect(calls.filter((c) => c.stage === 'critique')).toHaveLength(3);
    expect(result.report.stages.caption).toEqual({ ok: 0, cached: 6, failed: 0 });
    expect(result.report.stages.critique).toEqual({ ok: 3, cached: 2, failed: 0 });
    expect(result.report.failures).toEqual([]);
    expect(result.report.dropped).toEqual({ unsuitable: 1 });
    expect(result.records.map((r) => r.video_path)).toEqual([
      'video_dataset/badjson.mp4',
      'video_dataset/good2.mp4',
      'video_dataset/kitchen/good.mp4',
      'video_dataset/refuse.mp4',
      'video_dataset/slow.mp4',
    ]);
    expect(result.report.usage.byStage.caption).toEqual({ promptTokens: 0, completionTokens: 0 });
  });
});
