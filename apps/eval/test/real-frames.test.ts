import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeOpenAIServer, type FakeOpenAIServer } from '@nextevent/eval';
import {
  FB_DATA,
  FB_DOCS,
  FB_ROOT,
  docOf,
  futurebenchEvalArgs,
  fixtureCopy,
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
 * What qwen-vl-utils (mirror settings: fps 2, max_frames 32, min_pixels 3136, total_pixels 1605632) picks for each
 * fixture clip, derived by hand from the formula in interop.md §3.4 and the ffprobe counts in the fixture README:
 * clip_01/02: 16 frames @ 8 fps → 2 s → n = 4, sample_fps = 4/16·8 = 2; clip_03: 16 @ 10 fps → 1.6 s → n = max(3.2, 4)
 * = 4, sample_fps = 2.5; clip_04: 24 @ 8 fps → 3 s → n = 6, sample_fps = 2. smart_resize(48, 64) and (64, 48) with
 * factor 28 → 56×56 (= min_pixels, within max).
 */
const EXPECTED: Record<string, { n: number; fps: number }> = {
  'kitchen/clip_01.mp4': { n: 4, fps: 2 },
  'kitchen/clip_02.mp4': { n: 4, fps: 2 },
  'street/clip_03.mp4': { n: 4, fps: 2.5 },
  'street/clip_04.mp4': { n: 6, fps: 2 },
};

describe('nextevent eval with the real frame sampler (@nextevent/video)', () => {
  it('sends the frames qwen-vl-utils would pick, resized and JPEG-encoded, as one vLLM video part', async () => {
    server = await startFakeOpenAIServer({
      handle: (body) => ({ type: 'answer', content: docOf(body).qa.Answer }),
    });
    const r = await runCli([
      ...futurebenchEvalArgs(tmp()),
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--json',
      '--bootstrap',
      '50',
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(server.requests).toHaveLength(FB_DOCS.length);
    for (const req of server.requests) {
      const body = req.body as Json;
      const clip = docOf(body).video_path.split('video_dataset/')[1]!;
      const want = EXPECTED[clip]!;
      const url: string = body.messages[1].content[0].video_url.url;
      const jpegs = url.slice('data:video/jpeg;base64,'.length).split(',');
      expect(jpegs, clip).toHaveLength(want.n);
      expect(body.media_io_kwargs, clip).toEqual({ video: { num_frames: want.n, fps: want.fps } });
      expect(body.mm_processor_kwargs, clip).toEqual({ fps: want.fps, min_pixels: 3136, max_pixels: 3136 });
      const sizes = await Promise.all(
        jpegs.map(async (j) => await sharp(Buffer.from(j, 'base64')).metadata()),
      );
      expect(sizes.map((m) => [m.format, m.width, m.height])).toEqual(Array(want.n).fill(['jpeg', 56, 56]));
      // testsrc draws a moving pattern: the first and last sampled frames differ.
      const raw = await Promise.all(
        [jpegs[0]!, jpegs.at(-1)!].map((j) => sharp(Buffer.from(j, 'base64')).raw().toBuffer()),
      );
      expect(raw[0]!.equals(raw[1]!)).toBe(false);
    }
    expect(JSON.parse(r.stdout).accuracy[0]).toMatchObject({ group: 'overall', n: 6, correct: 6 });
  });

  it('fails only the samples whose video cannot be decoded, naming the file, and never sends them', async () => {
    server = await startFakeOpenAIServer({
      handle: (body) => ({ type: 'answer', content: docOf(body).qa.Answer }),
    });
    const dir = fixtureCopy();
    const broken = join(dir, 'first_part_video/street/clip_03.mp4');
    writeFileSync(broken, Buffer.from('this is not an mp4 file at all'.repeat(20)));
    const r = await runCli([
      ...futurebenchEvalArgs(tmp(), dir),
      '--base-url',
      server.baseUrl,
      '--model',
      'm',
      '--json',
      '--bootstrap',
      '50',
      '--on-failure',
      'exclude',
    ]);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    // clip_03 belongs to docs 2 (fb_00003) and 4 (fb_00005).
    expect(s.failures.map((f: Json) => f.doc_id)).toEqual([2, 4]);
    expect(s.failures[0].error).toContain(`cannot sample frames of ${broken}`);
    expect(s.accuracy[0]).toMatchObject({ group: 'overall', n: 4, correct: 4 });
    expect(server.requests.map((q) => docOf(q.body).id).sort()).toEqual([
      'fb_00001',
      'fb_00002',
      'fb_00004',
      'fb_00006',
    ]);
  });
});
