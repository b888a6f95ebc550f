import { beforeAll, describe, expect, it } from 'vitest';
import {
  ModelDisposedError,
  loadModel,
  predictNextEvent,
  type QwenVlModel,
  type RgbFrame,
} from '@nextevent/vlm';
import { readCase } from './helpers.js';
import { tinyFilesWithTokenizer } from './tiny-files.js';

/** The fixture's planar (T, 3, H, W) uint8 frames as interleaved RGB frames. */
function framesOf(name: string, key: string): RgbFrame[] {
  const c = readCase(name);
  const [T, C, H, W] = c.meta.tensors[key]!.shape as [number, number, number, number];
  const planar = c.read(key) as Uint8Array;
  return Array.from({ length: T }, (_, f) => {
    const data = new Uint8Array(H * W * 3);
    for (let ch = 0; ch < C; ch++) {
      for (let i = 0; i < H * W; i++) {
        data[i * 3 + ch] = planar[(f * C + ch) * H * W + i]!;
      }
    }
    return { width: W, height: H, data };
  });
}

describe('generation controls', () => {
  let model: QwenVlModel;
  const c = readCase('b_video_2x4x4', undefined);
  beforeAll(async () => {
    model = await loadModel(tinyFilesWithTokenizer(), { backend: 'cpu' });
  });

  it('stop tokens end a row and are kept, like transformers', async () => {
    const greedy = c.meta.generated_tokens[0]!;
    const out = await model.generate({ inputs: c.inputs(), maxNewTokens: 10, stopTokenIds: [greedy[0]!] });
    expect(out.tokens).toEqual([[greedy[0]]]);
  });

  it('sampling is reproducible per seed; topK 1 equals greedy', async () => {
    const a = await model.generate({
      inputs: c.inputs(),
      maxNewTokens: 6,
      stopTokenIds: [],
      doSample: true,
      seed: 3,
    });
    const b = await model.generate({
      inputs: c.inputs(),
      maxNewTokens: 6,
      stopTokenIds: [],
      doSample: true,
      seed: 3,
    });
    expect(a.tokens).toEqual(b.tokens);
    const k1 = await model.generate({
      inputs: c.inputs(),
      maxNewTokens: 6,
      stopTokenIds: [],
      doSample: true,
      topK: 1,
    });
    expect(k1.tokens[0]).toEqual(c.meta.generated_tokens[0]!.slice(0, 6));
    const p = await model.generate({
      inputs: c.inputs(),
      maxNewTokens: 6,
      stopTokenIds: [],
      doSample: true,
      topP: 1e-6,
      temperature: 0.7,
    });
    expect(p.tokens[0]).toEqual(c.meta.generated_tokens[0]!.slice(0, 6));
  });

  it('an AbortSignal stops the stream with its reason', async () => {
    const ac = new AbortController();
    const steps: number[] = [];
    const run = async () => {
      for await (const chunk of model.stream({
        inputs: c.inputs(),
        maxNewTokens: 10,
        stopTokenIds: [],
        signal: ac.signal,
      })) {
        steps.push(chunk.step);
        if (chunk.step === 1) {
          ac.abort(new Error('user cancelled'));
        }
      }
    };
    await expect(run()).rejects.toThrow('user cancelled');
    expect(steps).toEqual([0, 1]);
  });

  it('validates arguments at the boundary', async () => {
    await expect(
      model.generate({ inputs: c.inputs(), maxNewTokens: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`maxNewTokens\`, when provided, must be a positive integer.]`,
    );
    await expect(model.generate({ inputs: c.inputs(), topP: 2 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`topP\`, when provided, must be in (0, 1].]`,
    );
    await expect(model.generate({ maxNewTokens: 1 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: Pass exactly one of \`inputs\` and \`messages\`.]`,
    );
    const bad = { ...c.inputs(), videoGridThw: [[2, 4, 8]] as [number, number, number][] };
    await expect(model.forward(bad)).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: 8 video placeholder tokens in inputIds, but \`videoGridThw\` describes 16 merged video tokens.]`,
    );
  });

  it('chat messages with a video give the processor layout (one placeholder per merged token)', () => {
    const frames = framesOf('b_video_2x4x4', 'video0_frames_uint8');
    const inputs = model.prepareInputs([
      {
        role: 'user',
        content: [
          { type: 'video', video: { frames } },
          { type: 'text', text: 'What will happen next ?' },
        ],
      },
    ]);
    expect(inputs.videoGridThw).toEqual([[2, 4, 4]]);
    expect(inputs.secondPerGridTs).toEqual([1]);
    expect(inputs.inputIds[0]!.filter((t) => t === 1001)).toHaveLength(8);
    // The processed pixels are the fixture's model input (atol 1e-6, float64 reference).
    const ref = c.f32('video0_pixel_values');
    let max = 0;
    for (let i = 0; i < ref.length; i++) {
      max = Math.max(max, Math.abs(ref[i]! - inputs.pixelValuesVideos![i]!));
    }
    expect(max).toBeLessThan(1e-6);
  });
});

describe('predictNextEvent', () => {
  let model: QwenVlModel;
  const frames = framesOf('c_video_3x8x12', 'video0_frames_uint8'); // 6 frames 112x168
  beforeAll(async () => {
    model = await loadModel(tinyFilesWithTokenizer(), { backend: 'cpu' });
  });

  it('uses only frames before `at` and answers in free text', async () => {
    const deltas: string[] = [];
    const res = await predictNextEvent(
      model,
      { frames, fps: 2 },
      { at: 1.5, onText: (d) => deltas.push(d), generation: { maxNewTokens: 4 } },
    );
    expect(res.framesUsed).toBe(3); // t = 0, 0.5, 1.0
    expect(res.question).toBe('What will happen next?');
    expect(res.untrained).toBe(false);
    // Same as generating on the first 3 frames directly.
    const direct = await model.generate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'video', video: { frames: frames.slice(0, 3), fps: 2 } },
            { type: 'text', text: 'What will happen next?' },
          ],
        },
      ],
      maxNewTokens: 4,
    });
    expect(res.tokens).toEqual(direct.tokens[0]);
    expect(deltas.join('')).toBe(direct.text![0]);
  });

  it('FutureBench options: the lmms-eval prompt and an extracted letter', async () => {
    const res = await predictNextEvent(
      model,
      { frames, fps: 2 },
      { question: 'Based on the given video, what happens next?', options: ['a', 'b', 'c', 'd'] },
    );
    // futurebench.yaml: "" + "\n" + Q + "\nA. …\nD. …" + "\n" + "\nAnswer with the option's letter from the given choices directly."
    expect(res.question).toBe(
      "\nBased on the given video, what happens next?\nA. a\nB. b\nC. c\nD. d\n\nAnswer with the option's letter from the given choices directly.",
    );
    expect(['', 'A', 'B', 'C', 'D']).toContain(res.answer);
    expect(res.tokens.length).toBeLessThanOrEqual(16);
  });

  it('rejects a cut before the first frame', async () => {
    await expect(
      predictNextEvent(model, { frames, fps: 2, timestamps: [1, 2, 3, 4, 5, 6] }, { at: 0.5 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[RangeError: No frame lies before at=0.5s; the first frame is at 1s.]`,
    );
  });

  it('dispose() makes further use throw ModelDisposedError', async () => {
    const m = await loadModel(tinyFilesWithTokenizer(), { backend: 'cpu' });
    m.dispose();
    await expect(m.forward({ inputIds: [[1, 2]] })).rejects.toBeInstanceOf(ModelDisposedError);
  });
});

describe('precomputed vision embeddings (incremental encoding)', () => {
  it('encoding one temporal patch at a time and passing videoEmbeds gives the same logits', async () => {
    const model = await loadModel(tinyFilesWithTokenizer(), { backend: 'cpu' });
    const c = readCase('c_video_3x8x12'); // grid [3, 8, 12]: three 2-frame groups
    const inputs = c.inputs();
    const rows = 8 * 12; // patches per temporal group
    const patchDim = 3 * 2 * 14 * 14;
    const parts: Float32Array[] = [];
    for (let t = 0; t < 3; t++) {
      const px = inputs.pixelValuesVideos!.subarray(t * rows * patchDim, (t + 1) * rows * patchDim);
      parts.push(await model.encodeVision(px, [[1, 8, 12]]));
    }
    const videoEmbeds = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    parts.reduce((o, p) => (videoEmbeds.set(p, o), o + p.length), 0);
    const { pixelValuesVideos: _omit, ...rest } = inputs;
    const a = await model.forward({ ...rest, videoEmbeds });
    const b = await model.forward(inputs);
    let max = 0;
    for (let i = 0; i < a.logits.length; i++) {
      max = Math.max(max, Math.abs(a.logits[i]! - b.logits[i]!));
    }
    expect(max).toBeLessThan(1e-6);
    // And against the golden logits (README tolerance).
    const gold = c.f32('logits');
    let g = 0;
    for (let i = 0; i < gold.length; i++) {
      g = Math.max(g, Math.abs(a.logits[i]! - gold[i]!));
    }
    expect(g).toBeLessThan(1e-5);
    await expect(
      model.forward({ ...rest, videoEmbeds: videoEmbeds.subarray(64) }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: \`videoEmbeds\` must hold 72 rows of 64 values (4608); got 4544.]`,
    );
  });
});
