import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAiClient, createVideoTools, curatedRecordSchema, curateVideos } from '@nextevent/curate';
import { CLIP_DIR, countFrames, makeClip } from './helpers/clips.js';
import { clipScript, clipUrls } from './helpers/clip-script.js';
import { startFakeServer, type FakeServer } from './helpers/fake-openai.js';

// The real @nextevent/video probe, detectScenes and split (stream copy, previous keyframe) on a generated clip with
// cuts at 2 s and 4 s and keyframes every second. The VLM answers 00:03.80 for the boundary between Scene 2 and 3.
const VIDEOS = join(CLIP_DIR, 'e2e', 'videos');
let server: FakeServer;
let urls: Map<string, string>;

beforeAll(async () => {
  const clip = await makeClip(join('e2e', 'videos', 'cook.mp4'), 0);
  urls = await clipUrls({ cook: clip });
  server = await startFakeServer((call, n) => clipScript(urls)(call, n));
}, 120_000);

afterAll(async () => {
  await server.close();
});

async function curate(out: string, detect: boolean) {
  await rm(out, { recursive: true, force: true });
  const client = createOpenAiClient({ baseUrl: server.url, model: 'fake' });
  return curateVideos({
    videosDir: VIDEOS,
    outDir: out,
    llm: client,
    vlm: client,
    videoTools: createVideoTools(detect ? { onWarning: (m) => expect.fail(m) } : { detectScenes: false }),
    stageOptions: { retryDelayMs: 0 },
  });
}

describe('curateVideos with @nextevent/video', () => {
  it('snaps to the detected cut and splits there exactly', async () => {
    const out = join(CLIP_DIR, 'e2e', 'out-snap');
    const { records, report } = await curate(out, true);
    expect(report.failures).toEqual([]);
    expect(records).toHaveLength(1);
    expect(curatedRecordSchema.safeParse(records[0]).success).toBe(true);
    expect(records[0]!.video_split.scenes_timestep).toEqual([{ 'Scene 2': [0, 4] }, { 'Scene 3': [4, 6] }]);
    expect(await countFrames(join(out, 'first_part_video', 'cook.mp4'))).toBe(120);
    expect(await countFrames(join(out, 'second_part_video', 'cook.mp4'))).toBe(60);
  });

  it('without cuts, stream copy moves the split back to the previous keyframe and records that time', async () => {
    const out = join(CLIP_DIR, 'e2e', 'out-nosnap');
    const { records, report } = await curate(out, false);
    expect(report.snappedSplits).toBe(0);
    expect(records[0]!.video_split.scenes_timestep).toEqual([{ 'Scene 2': [0, 3] }, { 'Scene 3': [3, 6] }]);
    expect(await countFrames(join(out, 'first_part_video', 'cook.mp4'))).toBe(90);
    expect(await countFrames(join(out, 'second_part_video', 'cook.mp4'))).toBe(90);
  });
});
