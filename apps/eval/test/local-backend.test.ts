import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QwenVlModel, prepareChatInputs, type ChatMessage, type RgbFrame } from '@nextevent/vlm';
import sharp from 'sharp';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildChatRequest, QWEN_SYSTEM_PROMPT, TASK_GENERATION } from '../src/eval/request-builder.js';
import { defaultModelPath, ensureDemoModel } from '../src/vlm/demo-model.js';
import {
  FB_DATA,
  FB_DOCS,
  FB_ROOT,
  futurebenchEvalArgs,
  SB_DATA,
  SB_ROOT,
  expectedPrompt,
  readJsonl,
  runCli,
  tmp,
  type Json,
} from './helpers/cli.js';

let model = '';
beforeAll(async () => {
  model = await ensureDemoModel(defaultModelPath(), () => {});
}, 120_000);

describe('nextevent eval --backend local (bundled untrained tiny Qwen2.5-VL, CPU reference)', () => {
  it('runs the real frame sampler and the model, and writes scored lmms-eval samples', async () => {
    const out = tmp();
    const r = await runCli([
      ...futurebenchEvalArgs(out),
      '--backend',
      'local',
      '--model-dir',
      model,
      '--device',
      'cpu',
      '--limit',
      '2',
      '--json',
      '--bootstrap',
      '50',
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ status: 'completed', total: 2, completed: 2, model });
    const lines = readJsonl(s.samplesPath);
    expect(lines.map((l) => l.doc_id)).toEqual([0, 1]);
    for (const l of lines) {
      expect(l.input).toBe(expectedPrompt(FB_DOCS[l.doc_id]!));
      expect(typeof l.resps[0][0]).toBe('string');
      expect(['', 'A', 'B', 'C', 'D']).toContain(l.future_acc.pred_answer);
    }
    // The untrained model says something (noise); whatever it says was scored, not dropped.
    expect(s.accuracy[0]).toMatchObject({ group: 'overall', n: 2 });
  });

  it('needs --model-dir', async () => {
    const r = await runCli([...futurebenchEvalArgs(tmp()), '--backend', 'local']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--model-dir is required with --backend local');
  });
});

/** The qwen-vl-utils goldens copied into the video package (`smart_resize.jsonl`), by id. */
const GOLDENS = new Map<number, Json>(
  readFileSync(
    join(import.meta.dirname, '../../../packages/video/test/fixtures/qwen/smart_resize.jsonl'),
    'utf8',
  )
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const g = JSON.parse(l);
      return [g.id, g];
    }),
);

/**
 * A SEED-Bench-R1-shaped root and data file: doc 0 has the fixture's video and a generated PNG, doc 1 only a
 * generated JPEG (empty `task_progress_metadata`). Image sizes (h×w) are qwen-vl-utils goldens 0 (14×98 → 28×112)
 * and 1124 (102×10 → 112×28), within the processor's budget, where the transformers flavour alone would give other
 * sizes (28×168, 196×28): the image must be resized the qwen-vl-utils way before the processor sees it.
 */
async function seedBenchCopy(): Promise<{ data: string; root: string; docs: Json[] }> {
  const dir = tmp();
  const root = join(dir, 'seedbench');
  mkdirSync(join(root, 'images/ego4d'), { recursive: true });
  copyFileSync(join(SB_ROOT, 'ego4d_0001.mp4'), join(root, 'ego4d_0001.mp4'));
  const image = (width: number, height: number): ReturnType<typeof sharp> => {
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) {
      data[i] = (i * 29) % 251;
    }
    return sharp(data, { raw: { width, height, channels: 3 } });
  };
  writeFileSync(join(root, 'images/ego4d/obs_0001.png'), await image(98, 14).png().toBuffer());
  writeFileSync(join(root, 'images/ego4d/obs_0002.jpg'), await image(10, 102).jpeg().toBuffer());
  const docs: Json[] = JSON.parse(readFileSync(SB_DATA, 'utf8'));
  docs[1].current_observation_basename = 'obs_0002.jpg';
  const data = join(dir, 'seedbench_r1_l2.json');
  writeFileSync(data, JSON.stringify(docs));
  return { data, root, docs };
}

const sbArgs = (data: string, root: string, out: string): string[] => [
  'eval',
  '--task',
  'seedbench-r1-l2',
  '--data',
  data,
  '--video-root',
  root,
  '--out',
  out,
  '--backend',
  'local',
  '--model-dir',
  model,
  '--device',
  'cpu',
  '--json',
  '--bootstrap',
  '50',
];

describe('nextevent eval --backend local on SEED-Bench-R1 (video + still image)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('sends the image at the qwen-vl-utils size, in the openai backend order, and scores the run', async () => {
    const generate = vi.spyOn(QwenVlModel.prototype, 'generate');
    const { data, root, docs } = await seedBenchCopy();
    const r = await runCli(sbArgs(data, root, tmp()));
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ status: 'completed', total: 2, completed: 2 });
    expect(s.accuracy).toEqual([expect.objectContaining({ group: 'overall', n: 2 })]);
    const lines = readJsonl(s.samplesPath);
    expect(lines.map((l) => l.doc_id)).toEqual([0, 1]);
    for (const l of lines) {
      expect(l.seedbench_r1_acc).toMatchObject({
        video_id: docs[l.doc_id].video_id,
        answer: docs[l.doc_id].golden_choice_idx,
      });
      expect(['', 'A', 'B', 'C', 'D']).toContain(l.seedbench_r1_acc.pred_answer);
    }

    expect(generate).toHaveBeenCalledTimes(2);
    // Goldens 0 and 1124: the resized (h, w) of each doc's image, so grid_thw = [1, h/14, w/14].
    const [g0, g1] = [GOLDENS.get(0), GOLDENS.get(1124)];
    expect([g0.input, g1.input]).toMatchObject([
      { height: 14, width: 98, factor: 28, min_pixels: 3136, max_pixels: 12845056 },
      { height: 102, width: 10, factor: 28, min_pixels: 3136, max_pixels: 12845056 },
    ]);
    const sizes = [g0.qwen_vl_utils, g1.qwen_vl_utils];
    expect(sizes).toEqual([
      { h: 28, w: 112 },
      { h: 112, w: 28 },
    ]);
    expect(g0.transformers).not.toEqual(g0.qwen_vl_utils);
    expect(g1.transformers).not.toEqual(g1.qwen_vl_utils);
    generate.mock.calls.forEach(([opts], call) => {
      const messages = opts.messages as ChatMessage[];
      const user = messages[1]?.content as Exclude<ChatMessage['content'], string>;
      const text = (user.at(-1) as { text: string }).text;
      const docId = text.includes(docs[0].question) ? 0 : 1;
      const hasVideo = docId === 0;
      // What the openai backend sends for the same doc (request-builder), part by part.
      const openai = buildChatRequest({
        model: 'm',
        prompt: text,
        framesAs: 'video',
        generation: TASK_GENERATION,
        ...(hasVideo ? { video: { jpegs: [new Uint8Array(1)], sampleFps: 2, width: 28, height: 28 } } : {}),
        image: { bytes: new Uint8Array(1), mime: 'image/png' },
      });
      const kind: Record<string, string> = { video_url: 'video', image_url: 'image', text: 'text' };
      expect(messages.map((m) => m.role)).toEqual(openai.messages.map((m: Json) => m.role));
      expect(messages[0]).toEqual({ role: 'system', content: QWEN_SYSTEM_PROMPT });
      expect(user.map((p) => p.type)).toEqual(
        (openai.messages[1] as Json).content.map((p: Json) => kind[p.type]),
      );
      expect(user.map((p) => p.type)).toEqual(hasVideo ? ['video', 'image', 'text'] : ['image', 'text']);

      const image = user.find((p) => p.type === 'image')?.image as RgbFrame;
      const size = sizes[docId];
      expect(image).toMatchObject({ width: size.w, height: size.h, channels: 3 });
      // What reaches the vision tower: the processor's grid for this request.
      const m = generate.mock.contexts[call] as QwenVlModel;
      const inputs = prepareChatInputs(messages, m.tokenizer!, m.config);
      expect(inputs.imageGridThw).toEqual([[1, size.h / 14, size.w / 14]]);
      expect(inputs.videoGridThw?.length ?? 0).toBe(hasVideo ? 1 : 0);
    });
  });

  it('a corrupt image fails that sample with a MediaDecodeError naming the file; the others are scored', async () => {
    const { data, root } = await seedBenchCopy();
    const broken = join(root, 'images/ego4d/obs_0002.jpg');
    writeFileSync(broken, 'not a jpeg');
    const r = await runCli([...sbArgs(data, root, tmp()), '--on-failure', 'exclude']);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.accuracy).toEqual([expect.objectContaining({ group: 'overall', n: 1 })]);
    expect(r.stderr).toContain(`doc 1 (sb_0002): cannot read image ${broken}:`);
  });

  it('a missing image stops the run before the model is called, like a missing video', async () => {
    const generate = vi.spyOn(QwenVlModel.prototype, 'generate');
    const { data, root } = await seedBenchCopy();
    const missing = join(root, 'images/ego4d/obs_0002.jpg');
    writeFileSync(data, readFileSync(data, 'utf8').replace('obs_0002.jpg', 'gone.jpg'));
    const r = await runCli(sbArgs(data, root, tmp()));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('1 media file(s) not found');
    expect(r.stderr).toContain(`doc 1 (sb_0002): ${missing.replace('obs_0002.jpg', 'gone.jpg')}`);
    expect(generate).not.toHaveBeenCalled();
  });
});
