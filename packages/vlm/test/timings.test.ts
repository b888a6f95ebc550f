import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  loadModel,
  predictNextEvent,
  type GenerationTimings,
  type QwenVlModel,
  type RgbFrame,
} from '@nextevent/vlm';
import { readCase } from './helpers.js';
import { tinyFilesWithTokenizer } from './tiny-files.js';

/** Per-call costs on the fake clock. */
const VISION = 40;
const PREFILL = 100;
const DECODE = 5;
const PREPROCESS = 7;

/**
 * Replaces `performance.now` by a clock that only moves when the model's backend (or preprocessing) runs, each
 * call costing a fixed time, so every timing has an exact expected value.
 */
function fakeClock(model: QwenVlModel) {
  const clock = { t: 1000 };
  vi.spyOn(performance, 'now').mockImplementation(() => clock.t);
  const backend = model.backend;
  const encode = backend.encodeVision.bind(backend);
  const step = backend.step.bind(backend);
  const prepare = model.prepareInputs.bind(model);
  vi.spyOn(backend, 'encodeVision').mockImplementation(async (pixels, grids) => {
    const out = await encode(pixels, grids);
    clock.t += VISION;
    return out;
  });
  vi.spyOn(backend, 'step').mockImplementation(async (state, input) => {
    const out = await step(state, input);
    clock.t += input.length > 1 ? PREFILL : DECODE;
    return out;
  });
  vi.spyOn(model, 'prepareInputs').mockImplementation((messages, template) => {
    const out = prepare(messages, template);
    clock.t += PREPROCESS;
    return out;
  });
  return clock;
}

function expectSane(t: GenerationTimings): void {
  for (const [key, value] of Object.entries(t)) {
    expect(Number.isFinite(value) && value >= 0, `${key} = ${value}`).toBe(true);
  }
  // The first token comes after preprocessing, vision and prefill; the end after the first token and decoding.
  expect(t.preprocessMs + t.visionMs + t.prefillMs).toBeLessThanOrEqual(t.timeToFirstTokenMs);
  expect(t.timeToFirstTokenMs + t.decodeMs).toBeLessThanOrEqual(t.totalMs);
}

describe('generation timings', () => {
  let model: QwenVlModel;
  beforeAll(async () => {
    model = await loadModel(tinyFilesWithTokenizer(), { backend: 'cpu' });
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('attribute each backend call to vision, prefill or decode (fake clock, batch of 2, image + video)', async () => {
    const c = readCase('e_batch2_leftpad');
    const clock = fakeClock(model);
    const streamed: GenerationTimings[] = [];
    const it = model.stream({
      inputs: c.inputs(),
      maxNewTokens: 4,
      stopTokenIds: [],
      onTimings: (t) => streamed.push(t),
    });
    let next = await it.next();
    let chunks = 0;
    while (!next.done) {
      chunks++;
      clock.t += 1000; // the consumer's own time: part of totalMs only
      next = await it.next();
    }
    const expected: GenerationTimings = {
      preprocessMs: 0,
      visionMs: 2 * VISION, // one call for the image, one for the video
      prefillTokens: c.meta.batch * c.meta.seq_len,
      prefillMs: PREFILL,
      timeToFirstTokenMs: 2 * VISION + PREFILL,
      decodeSteps: 3,
      decodeTokens: c.meta.batch * 3,
      decodeMs: 3 * DECODE,
      totalMs: 2 * VISION + PREFILL + 4 * 1000 + 3 * DECODE,
    };
    expect(chunks).toBe(4);
    expect(next.value).toEqual(expected);
    expect(streamed).toEqual([expected]);
  });

  it('generate() returns them; precomputed embeddings cost no vision time; preprocessing of messages counts', async () => {
    const c = readCase('b_video_2x4x4');
    fakeClock(model);
    const { pixelValuesVideos, ...rest } = c.inputs();
    const videoEmbeds = await model.encodeVision(pixelValuesVideos!, c.meta.video_grid_thw!);
    const out = await model.generate({ inputs: { ...rest, videoEmbeds }, maxNewTokens: 2, stopTokenIds: [] });
    expect(out.timings).toMatchObject({ visionMs: 0, prefillMs: PREFILL, decodeSteps: 1, decodeMs: DECODE });
    expect(out.timings.timeToFirstTokenMs).toBe(PREFILL);

    const messages = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }];
    const prompt = model.prepareInputs(messages);
    const chat = await model.generate({ messages, maxNewTokens: 1 });
    expect(chat.timings).toMatchObject({
      preprocessMs: PREPROCESS,
      visionMs: 0,
      prefillTokens: prompt.inputIds[0]!.length,
      decodeSteps: 0,
      decodeTokens: 0,
      decodeMs: 0,
      timeToFirstTokenMs: PREPROCESS + PREFILL,
    });
  });

  it('decode steps follow the chunks: none after a stop token at step 0; finished batch rows still count', async () => {
    const c = readCase('b_video_2x4x4');
    const first = c.meta.generated_tokens[0]![0]!;
    const out = await model.generate({ inputs: c.inputs(), maxNewTokens: 10, stopTokenIds: [first] });
    expect(out.tokens).toEqual([[first]]);
    expect(out.timings).toMatchObject({
      prefillTokens: c.meta.seq_len,
      decodeSteps: 0,
      decodeTokens: 0,
      decodeMs: 0,
    });
    expectSane(out.timings);
    expect(out.timings.visionMs).toBeGreaterThan(0);

    // Batch of 2: row 0 stops at once, row 1 runs 4 tokens; every decode pass runs both rows.
    const e = readCase('e_batch2_leftpad');
    const [row0, row1] = e.meta.generated_tokens as [number[], number[]];
    const batch = await model.generate({ inputs: e.inputs(), maxNewTokens: 4, stopTokenIds: [row0[0]!] });
    expect(batch.tokens).toEqual([[row0[0]], row1.slice(0, 4)]);
    expect(batch.timings).toMatchObject({
      prefillTokens: 2 * e.meta.seq_len,
      decodeSteps: 3,
      decodeTokens: 6,
    });
    expectSane(batch.timings);
  });

  it('onTimings: called when the consumer stops early (covering the steps that ran), not on abort', async () => {
    const c = readCase('b_video_2x4x4');
    const seen: GenerationTimings[] = [];
    for await (const chunk of model.stream({
      inputs: c.inputs(),
      maxNewTokens: 10,
      stopTokenIds: [],
      onTimings: (t) => seen.push(t),
    })) {
      if (chunk.step === 2) {
        break;
      }
    }
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ decodeSteps: 2, decodeTokens: 2 });
    expectSane(seen[0]!);

    const ac = new AbortController();
    const aborted: GenerationTimings[] = [];
    const run = async () => {
      for await (const chunk of model.stream({
        inputs: c.inputs(),
        maxNewTokens: 10,
        signal: ac.signal,
        onTimings: (t) => aborted.push(t),
      })) {
        if (chunk.step === 0) {
          ac.abort(new Error('stop'));
        }
      }
    };
    await expect(run()).rejects.toThrow('stop');
    expect(aborted).toEqual([]);
  });

  it('with a signal, an abort queued as a macrotask is seen between CPU decode steps', async () => {
    const c = readCase('b_video_2x4x4');
    const ac = new AbortController();
    const steps: number[] = [];
    setTimeout(() => ac.abort(new Error('from a timer')), 0);
    const run = async () => {
      for await (const chunk of model.stream({
        inputs: c.inputs(),
        maxNewTokens: 40,
        stopTokenIds: [],
        signal: ac.signal,
      })) {
        steps.push(chunk.step);
      }
    };
    await expect(run()).rejects.toThrow('from a timer');
    expect(steps.length).toBeLessThan(40);
  });
});

describe('predictNextEvent timings', () => {
  it('reports the generation timings, preprocessing of the kept frames included', async () => {
    const model = await loadModel(tinyFilesWithTokenizer(), { backend: 'cpu' });
    const c = readCase('c_video_3x8x12');
    const [T, C, H, W] = c.meta.tensors['video0_frames_uint8']!.shape as [number, number, number, number];
    const planar = c.read('video0_frames_uint8') as Uint8Array;
    const frames: RgbFrame[] = Array.from({ length: T }, (_, f) => {
      const data = new Uint8Array(H * W * 3);
      for (let ch = 0; ch < C; ch++) {
        for (let i = 0; i < H * W; i++) {
          data[i * 3 + ch] = planar[(f * C + ch) * H * W + i]!;
        }
      }
      return { width: W, height: H, data };
    });
    const res = await predictNextEvent(
      model,
      { frames, fps: 2 },
      { generation: { maxNewTokens: 3, stopTokenIds: [] } },
    );
    const prompt = model.prepareInputs([
      {
        role: 'user',
        content: [
          { type: 'video', video: { frames, fps: 2 } },
          { type: 'text', text: res.question },
        ],
      },
    ]);
    expect(res.timings).toMatchObject({
      prefillTokens: prompt.inputIds[0]!.length,
      decodeSteps: 2,
      decodeTokens: 2,
    });
    expect(res.timings.preprocessMs).toBeGreaterThan(0);
    expect(res.timings.visionMs).toBeGreaterThan(0);
    expectSane(res.timings);
  });
});
