import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel, type QwenVlModel } from '@nextevent/vlm';
import { CASES, TINY, TINY_UNTIED, maxAbsDiff, readCase } from './helpers.js';

// Tolerances from the fixture README: logits atol 1e-5, hidden states / embeddings atol 2e-6, ids exact.
const LOGITS_ATOL = 1e-5;
const HIDDEN_ATOL = 2e-6;

describe('CPU reference forward vs tiny-qwen2_5-vl goldens', () => {
  let model: QwenVlModel;
  beforeAll(async () => {
    model = await loadModel(TINY, { backend: 'cpu' });
  });

  describe.each(CASES)('%s', (name) => {
    const c = readCase(name);
    const mask = c.rows('attention_mask');
    const B = c.meta.batch;
    const L = c.meta.seq_len;
    const valid = (row: number) => mask[Math.floor(row / L)]![row % L] === 1;

    it('position ids and rope deltas are exact', async () => {
      const out = await model.forward(c.inputs(), { outputHiddenStates: true });
      expect(out.ropeDeltas).toEqual(c.meta.rope_deltas);
      const expected = c.i32('position_ids');
      const got = out.positionIds!.flat(2);
      const keep = (i: number) => valid(i % (B * L));
      expect(maxAbsDiff(got, expected, keep)).toBe(0);
    });

    it('logits and hidden states match within the README tolerances', async () => {
      const out = await model.forward(c.inputs(), { outputHiddenStates: true });
      expect(out.dims).toEqual([B, L, 1024]);
      const V = 1024;
      const H = 64;
      expect(maxAbsDiff(out.logits, c.f32('logits'), (i) => valid(Math.floor(i / V)))).toBeLessThan(
        LOGITS_ATOL,
      );
      const hs = out.hiddenStates!;
      expect(hs).toHaveLength(4);
      expect(maxAbsDiff(hs[0]!, c.f32('inputs_embeds'), (i) => valid(Math.floor(i / H)))).toBeLessThan(
        HIDDEN_ATOL,
      );
      expect(maxAbsDiff(hs[1]!, c.f32('layer0_output'), (i) => valid(Math.floor(i / H)))).toBeLessThan(
        HIDDEN_ATOL,
      );
      // last_token_hidden: (B, 2 + layers, H) = [inputs_embeds, layer0, layer1, normed] at the last position.
      const last = c.f32('last_token_hidden');
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < 4; k++) {
          const got = hs[k]!.subarray((b * L + L - 1) * H, (b * L + L) * H);
          const exp = last.subarray((b * 4 + k) * H, (b * 4 + k + 1) * H);
          expect(maxAbsDiff(got, exp)).toBeLessThan(HIDDEN_ATOL);
        }
      }
    });

    it('greedy generation equals the golden tokens and per-step logits (KV cache)', async () => {
      // generated_step_logits: (B, 10, V); step 0 = last prefill row, steps 1-9 = KV-cache decode steps.
      const steps = c.f32('generated_step_logits');
      const V = 1024;
      const tokens: number[][] = Array.from({ length: B }, () => []);
      let step = 0;
      for await (const chunk of model.stream({
        inputs: c.inputs(),
        maxNewTokens: 10,
        stopTokenIds: [],
        outputScores: true,
      })) {
        chunk.tokens.forEach((t, b) => tokens[b]!.push(t!));
        for (let b = 0; b < B; b++) {
          const exp = steps.subarray((b * 10 + step) * V, (b * 10 + step + 1) * V);
          expect(maxAbsDiff(chunk.scores!.subarray(b * V, (b + 1) * V), exp)).toBeLessThan(LOGITS_ATOL);
        }
        step++;
      }
      expect(step).toBe(10);
      expect(tokens).toEqual(c.meta.generated_tokens);
    });

    it('prefill + KV-cache decode equals a full recomputation of prompt + generated tokens', async () => {
      const V = 1024;
      const inputs = c.inputs();
      const scores: Float32Array[] = [];
      const gen: number[][] = Array.from({ length: B }, () => []);
      for await (const chunk of model.stream({
        inputs,
        maxNewTokens: 6,
        stopTokenIds: [],
        outputScores: true,
      })) {
        scores.push(chunk.scores!.slice());
        chunk.tokens.forEach((t, b) => gen[b]!.push(t!));
      }
      const full = await model.forward(
        {
          ...inputs,
          inputIds: inputs.inputIds.map((r, b) => [...r, ...gen[b]!.slice(0, 5)]),
          attentionMask: inputs.attentionMask.map((r) => [...r, 1, 1, 1, 1, 1]),
        },
        { outputHiddenStates: true },
      );
      const L2 = L + 5;
      for (let k = 0; k < 6; k++) {
        for (let b = 0; b < B; b++) {
          const row = full.logits.subarray((b * L2 + L - 1 + k) * V, (b * L2 + L + k) * V);
          expect(maxAbsDiff(scores[k]!.subarray(b * V, (b + 1) * V), row)).toBeLessThan(1e-6);
        }
      }
      // Decode positions: L + k + rope_delta on all three rows (fixture decode_positions).
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < 5; k++) {
          for (let r = 0; r < 3; r++) {
            expect(full.positionIds![r]![b]![L + k]).toBe(c.meta.decode_positions[b]![k]);
          }
        }
      }
    });

    it.skipIf(!c.has('video_embeds') && !c.has('image_embeds'))('vision embeddings match', async () => {
      const inputs = c.inputs();
      if (inputs.pixelValuesVideos) {
        const emb = await model.encodeVision(inputs.pixelValuesVideos, inputs.videoGridThw!);
        expect(maxAbsDiff(emb, c.f32('video_embeds'))).toBeLessThan(HIDDEN_ATOL);
      }
      if (inputs.pixelValues) {
        const emb = await model.encodeVision(inputs.pixelValues, inputs.imageGridThw!);
        expect(maxAbsDiff(emb, c.f32('image_embeds'))).toBeLessThan(HIDDEN_ATOL);
      }
    });
  });
});

describe('untied lm_head checkpoint', () => {
  it.each(['a_text', 'b_video_2x4x4'])('%s logits and generations match', async (name) => {
    const model = await loadModel(TINY_UNTIED, { backend: 'cpu' });
    const c = readCase(name, TINY_UNTIED);
    const out = await model.forward(c.inputs());
    expect(maxAbsDiff(out.logits, c.f32('logits'))).toBeLessThan(LOGITS_ATOL);
    const gen = await model.generate({ inputs: c.inputs(), maxNewTokens: 10, stopTokenIds: [] });
    expect(gen.tokens).toEqual(c.meta.generated_tokens);
    model.dispose();
  });
});
