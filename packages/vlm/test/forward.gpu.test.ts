import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { getTestDevice } from '@nextevent/testing';
import { dequantizeInt4Reference, quantizeInt4 } from '@nextevent/kernels';
import {
  InputMismatchError,
  ModelDisposedError,
  createRandomModel,
  decodeToF32,
  loadModel,
  processVideo,
  parseSafetensorsHeader,
  readHeaderLength,
  type ModelFiles,
  type QwenVlModel,
} from '@nextevent/vlm';
import { editedFixtureFiles, fixtureFiles, loadCase, maxAbs, readFixture } from './gpu-fixtures.js';

/**
 * The CPU mirror of the int4 GPU model: every decoder Linear and the tied embedding / lm_head replaced by its int4
 * round trip (quantizeInt4 -> dequantizeInt4Reference, group 32); with `vision`, also the ViT Linears whose K is a
 * multiple of 32 (the patch embedding, K = 1176, stays f32).
 */
async function int4MirrorFiles(vision = false): Promise<ModelFiles> {
  const st = await readFixture('fixtures/tiny-qwen2_5-vl/model.safetensors');
  const n = readHeaderLength(st.subarray(0, 8), 'st');
  const h = parseSafetensorsHeader(st.subarray(8, 8 + n), 'st');
  const out: Record<string, { shape: readonly number[]; data: Float32Array }> = {};
  const rt = (w: Float32Array, N: number, K: number) => dequantizeInt4Reference(quantizeInt4(w, N, K, 32));
  for (const info of h.tensors.values()) {
    const data = decodeToF32(st.subarray(info.begin, info.end), info.dtype);
    const [N, K] = info.shape as [number, number];
    const matrix = info.name.endsWith('.weight') && info.shape.length === 2;
    const text = info.name.startsWith('model.');
    const q = matrix && (text || (vision && K % 32 === 0));
    out[info.name] = { shape: info.shape, data: q ? rt(data, N, K) : data };
  }
  const header: Record<string, unknown> = {};
  let off = 0;
  for (const [name, t] of Object.entries(out)) {
    header[name] = { dtype: 'F32', shape: t.shape, data_offsets: [off, off + t.data.byteLength] };
    off += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setUint32(0, json.length, true);
  const blob = new Blob([len, json, ...Object.values(out).map((t) => t.data as Float32Array<ArrayBuffer>)]);
  const config = JSON.parse(
    new TextDecoder().decode(await readFixture('fixtures/tiny-qwen2_5-vl/config.json')),
  );
  return {
    description: 'int4-mirror',
    get: (name) =>
      Promise.resolve(
        name === 'model.safetensors'
          ? blob
          : name === 'config.json'
            ? new Blob([JSON.stringify(config)])
            : null,
      ),
  };
}

const env = await getTestDevice();
const CASES = ['a_text', 'b_video_2x4x4', 'c_video_3x8x12', 'd_image_1x6x6', 'e_batch2_leftpad'];
// f32 WebGPU vs the float64 goldens, the README's float32 bounds: 1e-5 on logits, 2e-6 on hidden states (inputs
// embeds, layer-0 output, the last token's residual stream) and vision embeddings, as on the CPU reference. The
// last token's state after the final RMSNorm gets 1e-5: the norm scales the residual's rounding error up
// (measured 2.9e-6 on Chromium's SwiftShader, below 2e-6 on lavapipe).
const LOGITS_ATOL = 1e-5;
const HIDDEN_ATOL = 2e-6;
const NORMED_ATOL = 1e-5;
// int4 weight-only quantization of the decoder Linears and the tied lm_head (group 32): documented looser bound.
// f16 storage of activations, weights and the KV cache (f32 accumulation): documented bound.
const F16_LOGITS_ATOL = 2e-3; // measured 5e-4 to 8e-4 on lavapipe
const INT4_LOGITS_ATOL = 0.25; // measured 0.13 (a_text), 0.10 (b_video) on lavapipe

describe.skipIf(!env.device)(
  `WebGPU backend vs tiny-qwen2_5-vl goldens (${env.reason ?? 'adapter ok'})`,
  () => {
    let model: QwenVlModel;
    beforeAll(async () => {
      model = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device! });
      expect(model.backendKind).toBe('webgpu');
    });

    describe.each(CASES)('%s', (name) => {
      it('logits, hidden states and vision embeddings match', async () => {
        const c = await loadCase(name);
        const L = c.meta.seq_len;
        const mask = c.inputs.attentionMask;
        const valid = (row: number) => mask[Math.floor(row / L)]![row % L] === 1;
        const out = await model.forward(c.inputs, { outputHiddenStates: true });
        expect(maxAbs(out.logits, await c.f32('logits'), 1024, valid)).toBeLessThan(LOGITS_ATOL);
        expect(maxAbs(out.hiddenStates![0]!, await c.f32('inputs_embeds'), 64, valid)).toBeLessThan(
          HIDDEN_ATOL,
        );
        expect(maxAbs(out.hiddenStates![1]!, await c.f32('layer0_output'), 64, valid)).toBeLessThan(
          HIDDEN_ATOL,
        );
        // last_token_hidden: (B, 2 + layers, H) = [inputs_embeds, layer0, layer1, final norm] at the last position.
        const last = await c.f32('last_token_hidden');
        const H = 64;
        expect(out.hiddenStates).toHaveLength(4);
        for (let b = 0; b < c.meta.batch; b++) {
          for (let k = 0; k < 4; k++) {
            const got = out.hiddenStates![k]!.subarray((b * L + L - 1) * H, (b * L + L) * H);
            const exp = last.subarray((b * 4 + k) * H, (b * 4 + k + 1) * H);
            expect(maxAbs(got, exp), `row ${b}, hidden state ${k}`).toBeLessThan(
              k === 3 ? NORMED_ATOL : HIDDEN_ATOL,
            );
          }
        }
        if (c.inputs.pixelValuesVideos) {
          const emb = await model.encodeVision(c.inputs.pixelValuesVideos, c.inputs.videoGridThw!);
          expect(maxAbs(emb, await c.f32('video_embeds'))).toBeLessThan(HIDDEN_ATOL);
        }
      });

      it('greedy KV-cache generation equals the golden tokens and step logits', async () => {
        const c = await loadCase(name);
        const steps = await c.f32('generated_step_logits');
        const B = c.meta.batch;
        const tokens: number[][] = Array.from({ length: B }, () => []);
        let step = 0;
        for await (const chunk of model.stream({
          inputs: c.inputs,
          maxNewTokens: 10,
          stopTokenIds: [],
          outputScores: true,
        })) {
          chunk.tokens.forEach((t, b) => tokens[b]!.push(t!));
          for (let b = 0; b < B; b++) {
            const exp = steps.subarray((b * 10 + step) * 1024, (b * 10 + step + 1) * 1024);
            expect(maxAbs(chunk.scores!.subarray(b * 1024, (b + 1) * 1024), exp)).toBeLessThan(LOGITS_ATOL);
          }
          step++;
        }
        expect(tokens).toEqual(c.meta.generated_tokens);
        // Without scores the greedy token is picked on the GPU (argmax kernel, no logits readback).
        const onDevice = await model.generate({ inputs: c.inputs, maxNewTokens: 10, stopTokenIds: [] });
        expect(onDevice.tokens).toEqual(c.meta.generated_tokens);
      });
    });

    it('int4 quantize-on-load: exact vs its dequantized CPU mirror, within the documented bound vs f32', async () => {
      const q = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device!, quantize: 'int4' });
      const mirror = await loadModel(await int4MirrorFiles(), { backend: 'cpu' });
      for (const name of ['a_text', 'b_video_2x4x4']) {
        const c = await loadCase(name);
        const out = await q.forward(c.inputs);
        expect(maxAbs(out.logits, (await mirror.forward(c.inputs)).logits)).toBeLessThan(LOGITS_ATOL);
        const d = maxAbs(out.logits, await c.f32('logits'));
        expect(d).toBeLessThan(INT4_LOGITS_ATOL);
        expect(d).toBeGreaterThan(1e-3);
      }
      q.dispose();
      mirror.dispose();
    });
  },
);

describe.skipIf(!env.device)(
  `WebGPU weights split across small buffers (${env.reason ?? 'adapter ok'})`,
  () => {
    it('a 5000-byte cap (every Linear in row chunks, biases sliced per chunk) gives the same logits', async () => {
      const m = await loadModel(fixtureFiles(), {
        backend: 'webgpu',
        device: env.device!,
        maxBindingBytes: 5000,
      });
      for (const name of ['a_text', 'b_video_2x4x4']) {
        const c = await loadCase(name);
        const out = await m.forward(c.inputs);
        expect(maxAbs(out.logits, await c.f32('logits')), name).toBeLessThan(LOGITS_ATOL);
      }
      m.dispose();
    });

    it('a 64 KiB buffer cap (embedding and lm_head in 4 row chunks each) gives the same logits and tokens', async () => {
      const m = await loadModel(fixtureFiles(), {
        backend: 'webgpu',
        device: env.device!,
        maxBindingBytes: 64 * 1024,
      });
      const c = await loadCase('e_batch2_leftpad');
      const L = c.meta.seq_len;
      const valid = (row: number) => c.inputs.attentionMask[Math.floor(row / L)]![row % L] === 1;
      const out = await m.forward(c.inputs);
      expect(maxAbs(out.logits, await c.f32('logits'), 1024, valid)).toBeLessThan(LOGITS_ATOL);
      const gen = await m.generate({ inputs: c.inputs, maxNewTokens: 10, stopTokenIds: [] });
      expect(gen.tokens).toEqual(c.meta.generated_tokens);
      m.dispose();
    });
  },
);

describe.skipIf(!env.device)(
  `WebGPU vs CPU reference on random configs (${env.reason ?? 'adapter ok'})`,
  () => {
    // Same seed -> the same random weights on both backends (tensors are generated in the same order).
    const qwen2vl = {
      model_type: 'qwen2_vl',
      vocab_size: 512,
      hidden_size: 64,
      intermediate_size: 96,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      num_key_value_heads: 2,
      rope_scaling: { type: 'mrope', mrope_section: [4, 2, 2] },
      image_token_id: 500,
      video_token_id: 501,
      vision_start_token_id: 502,
      vision_end_token_id: 503,
      eos_token_id: 504,
      vision_config: {
        depth: 2,
        embed_dim: 32,
        num_heads: 2,
        hidden_size: 64,
        mlp_ratio: 2,
        hidden_act: 'quick_gelu',
      },
    };
    it('Qwen2-VL (LayerNorm, quick-GELU fc MLP, full attention, temporal ids step 1): logits agree', async () => {
      const cpu = await createRandomModel(qwen2vl, { backend: 'cpu', seed: 3 });
      const gpu = await createRandomModel(qwen2vl, {
        backend: 'webgpu',
        device: env.device!,
        quantize: 'f32',
        seed: 3,
      });
      const frames = Array.from({ length: 4 }, (_, f) => ({
        width: 56,
        height: 84,
        data: Uint8Array.from({ length: 56 * 84 * 3 }, (_, i) => (i * 31 + f * 17) & 255),
      }));
      const pv = processVideo({ frames, fps: 1 }, cpu.config);
      const n = (pv.gridThw[0] * pv.gridThw[1] * pv.gridThw[2]) / 4;
      const inputs = {
        inputIds: [[1, 2, 3, 502, ...Array<number>(n).fill(501), 503, 4, 5]],
        pixelValuesVideos: pv.pixelValues,
        videoGridThw: [pv.gridThw],
        secondPerGridTs: [pv.secondPerGridT],
      };
      const a = await cpu.forward(inputs);
      const b = await gpu.forward(inputs);
      expect(maxAbs(b.logits, a.logits)).toBeLessThan(LOGITS_ATOL);
      expect(maxAbs(a.logits, new Float32Array(a.logits.length))).toBeGreaterThan(1e-3);
      cpu.dispose();
      gpu.dispose();
    });
  },
);

const hasF16 = env.device?.features.has('shader-f16') ?? false;
describe.skipIf(!env.device || !hasF16)(
  `WebGPU f16 activations and weights (${env.reason ?? (hasF16 ? 'shader-f16' : 'no shader-f16')})`,
  () => {
    it.each(CASES)('%s: logits within the f16 bound, greedy tokens equal the goldens', async (name) => {
      const m = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device!, dtype: 'f16' });
      const c = await loadCase(name);
      const L = c.meta.seq_len;
      const valid = (row: number) => c.inputs.attentionMask[Math.floor(row / L)]![row % L] === 1;
      const out = await m.forward(c.inputs);
      const d = maxAbs(out.logits, await c.f32('logits'), 1024, valid);
      expect(d).toBeLessThan(F16_LOGITS_ATOL);
      const gen = await m.generate({ inputs: c.inputs, maxNewTokens: 10, stopTokenIds: [] });
      expect(gen.tokens).toEqual(c.meta.generated_tokens);
      m.dispose();
    });
  },
);

/** Resolves with the device's loss reason, or 'alive' when it is not lost within `ms`. */
function lostWithin(device: GPUDevice, ms = 3000): Promise<string> {
  return Promise.race([
    device.lost.then((info) => info.reason ?? 'unknown'),
    new Promise<string>((r) => setTimeout(() => r('alive'), ms)),
  ]);
}

const deviceOf = (m: QwenVlModel) => (m.backend as unknown as { device: { gpu: GPUDevice } }).device.gpu;

describe.skipIf(!env.device)(`WebGPU boundaries (${env.reason ?? 'adapter ok'})`, () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('dispose() during a stream or before the prefill ends it with ModelDisposedError', async () => {
    const c = await loadCase('b_video_2x4x4');
    const m = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device! });
    const it = m.stream({ inputs: c.inputs, maxNewTokens: 5, stopTokenIds: [] });
    expect((await it.next()).done).toBe(false);
    m.dispose();
    await expect(it.next()).rejects.toBeInstanceOf(ModelDisposedError);
    const m2 = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device! });
    const gen = m2.generate({ inputs: c.inputs, maxNewTokens: 5 });
    const fwd = m2.forward(c.inputs);
    m2.dispose();
    const [g, f] = await Promise.allSettled([gen, fwd]);
    expect(g.status === 'rejected' && g.reason).toBeInstanceOf(ModelDisposedError);
    expect(f.status === 'rejected' && f.reason).toBeInstanceOf(ModelDisposedError);
  });

  it('a device passed in stays alive after dispose(); one loadModel created is destroyed', async () => {
    const passed = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device! });
    expect(deviceOf(passed)).toBe(env.device);
    passed.dispose();
    expect(await lostWithin(env.device!, 200)).toBe('alive');
    const owned = await loadModel(fixtureFiles(), { backend: 'webgpu' });
    const created = deviceOf(owned);
    expect(created).not.toBe(env.device);
    owned.dispose();
    expect(await lostWithin(created)).toBe('destroyed');
  });

  it('a failed load destroys the device it created', async () => {
    const gpu = navigator.gpu;
    const requestAdapter = gpu.requestAdapter.bind(gpu);
    const devices: GPUDevice[] = [];
    vi.spyOn(gpu, 'requestAdapter').mockImplementation(async (options) => {
      const adapter = await requestAdapter(options);
      if (adapter) {
        const requestDevice = adapter.requestDevice.bind(adapter);
        adapter.requestDevice = async (desc) => {
          const d = await requestDevice(desc);
          devices.push(d);
          return d;
        };
      }
      return adapter;
    });
    const files = await editedFixtureFiles((h) => {
      (h['visual.blocks.0.attn.qkv.weight'] as { shape: number[] }).shape = [32, 96];
    });
    // The same error as the CPU backend's (shapes are checked while streaming, for both).
    await expect(loadModel(files, { backend: 'webgpu' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: edited-tiny/model.safetensors: tensor "visual.blocks.0.attn.qkv.weight" has shape [32, 96], but config.json implies [96, 32].]`,
    );
    expect(devices).toHaveLength(1);
    expect(await lostWithin(devices[0]!)).toBe('destroyed');
  });

  it('options are checked before the device is touched, naming the option', async () => {
    await expect(
      loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device!, dtype: 'bf16' as 'f16' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`options.dtype\`, when provided, must be 'f32' or 'f16'; got "bf16".]`,
    );
  });

  it('an all-padding row and over-long generations are refused up front', async () => {
    const m = await loadModel(fixtureFiles(), { backend: 'webgpu', device: env.device! });
    const inputs = {
      inputIds: [
        [1, 2, 3, 4],
        [0, 0, 0, 0],
      ],
      attentionMask: [
        [1, 1, 1, 1],
        [0, 0, 0, 0],
      ],
    };
    await expect(m.generate({ inputs, maxNewTokens: 2 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: \`inputs.attentionMask\` row 1 is all padding (no 1): every row needs at least one token.]`,
    );
    await expect(m.forward(inputs)).rejects.toBeInstanceOf(InputMismatchError);
    await expect(
      m.generate({ inputs: { inputIds: [[1, 2, 3]] }, maxNewTokens: 200_000 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: The prompt length (3) + maxNewTokens (200000) = 200003 positions, above the model's max_position_embeddings (128000).]`,
    );
    m.dispose();
    // A config that allows ~unbounded positions: the KV cache's binding limit is the bound, checked before allocating.
    const huge = await loadModel(
      await editedFixtureFiles(
        () => {},
        (cfg) => {
          cfg['max_position_embeddings'] = 1e12;
        },
      ),
      { backend: 'webgpu', device: env.device! },
    );
    await expect(huge.generate({ inputs: { inputIds: [[1, 2, 3]] }, maxNewTokens: 1e9 })).rejects.toThrow(
      /maxNewTokens \(1000000000\) = 1000000003 positions, but the webgpu backend's KV cache holds at most \d+ \(one layer's K or V must fit the device's storage binding limit\)/,
    );
    const ok = await huge.generate({ inputs: { inputIds: [[1, 2, 3]] }, maxNewTokens: 2, stopTokenIds: [] });
    expect(ok.tokens[0]).toHaveLength(2);
    huge.dispose();
  });
});
