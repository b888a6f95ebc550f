// Errors at the public boundary on the CPU backend: disposal while a generation runs, load-time checkpoint
// validation, load options, the sequence-length bound and all-padding rows (the WebGPU side is in
// forward.gpu.test.ts).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InputMismatchError,
  ModelDisposedError,
  ModelFormatError,
  createRandomModel,
  loadModel,
  parseSafetensorsHeader,
  type LoadModelOptions,
} from '@nextevent/vlm';
import { editedFixtureFiles } from './gpu-fixtures.js';
import { TINY, readCase } from './helpers.js';

const tinyConfig = JSON.parse(readFileSync(join(TINY, 'config.json'), 'utf8')) as Record<string, unknown>;
const entry = (h: Record<string, unknown>, name: string) => h[name] as { shape: number[] };

describe('dispose() while the model is in use (CPU)', () => {
  const c = readCase('b_video_2x4x4');

  it('a stream disposed between chunks ends with ModelDisposedError', async () => {
    const m = await loadModel(TINY, { backend: 'cpu' });
    const it = m.stream({ inputs: c.inputs(), maxNewTokens: 5, stopTokenIds: [] });
    expect((await it.next()).done).toBe(false);
    m.dispose();
    await expect(it.next()).rejects.toBeInstanceOf(ModelDisposedError);
  });

  it('a generation or forward pass disposed before its prefill ends with ModelDisposedError', async () => {
    const m = await loadModel(TINY, { backend: 'cpu' });
    const gen = m.generate({ inputs: c.inputs(), maxNewTokens: 5 });
    const fwd = m.forward(c.inputs());
    m.dispose(); // the vision tower has run; the decoder has not
    const [g, f] = await Promise.allSettled([gen, fwd]);
    expect(g.status === 'rejected' && g.reason).toBeInstanceOf(ModelDisposedError);
    expect(f.status === 'rejected' && f.reason).toBeInstanceOf(ModelDisposedError);
  });
});

describe('checkpoint validation at load', () => {
  it('a transposed weight is rejected by loadModel, naming the tensor, both shapes and the file', async () => {
    const files = await editedFixtureFiles((h) => {
      entry(h, 'visual.blocks.0.attn.qkv.weight').shape = [32, 96];
    });
    await expect(loadModel(files, { backend: 'cpu' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: edited-tiny/model.safetensors: tensor "visual.blocks.0.attn.qkv.weight" has shape [32, 96], but config.json implies [96, 32].]`,
    );
  });

  it('a missing tensor is rejected by loadModel (not at the first generate), naming it and the checkpoint', async () => {
    const files = await editedFixtureFiles((h) => {
      delete h['model.embed_tokens.weight'];
    });
    await expect(loadModel(files, { backend: 'cpu' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: edited-tiny: the checkpoint (model.safetensors) has no tensor "model.embed_tokens.weight" [1024, 64].]`,
    );
    const two = await editedFixtureFiles((h) => {
      delete h['model.norm.weight'];
      delete h['model.layers.1.mlp.up_proj.weight'];
    });
    await expect(loadModel(two, { backend: 'cpu' })).rejects.toThrow(
      /has no tensor "model\.layers\.1\.mlp\.up_proj\.weight" \[128, 64\] \(and 1 more: "model\.norm\.weight"\)/,
    );
  });

  it('a corrupted safetensors header is a ModelFormatError naming the file', async () => {
    const renamed = await editedFixtureFiles((h) => {
      h['__metadata_'] = h['__metadata__'];
      delete h['__metadata__'];
    });
    await expect(loadModel(renamed, { backend: 'cpu' })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: edited-tiny/model.safetensors: header entry "__metadata_" has no dtype string (got nothing); the header is corrupted.]`,
    );
    const bad = new TextEncoder().encode(JSON.stringify({ __metadata__: 'pt' }));
    expect(() => parseSafetensorsHeader(bad, 'x.safetensors')).toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: x.safetensors: the safetensors "__metadata__" must be a JSON object of strings; got "pt".]`,
    );
    const notEntry = new TextEncoder().encode(JSON.stringify({ w: 3 }));
    expect(() => parseSafetensorsHeader(notEntry, 'x.safetensors')).toThrow(ModelFormatError);
  });
});

describe('load options are validated up front, whatever the backend', () => {
  it.each<[string, LoadModelOptions]>([
    ['quantize', { backend: 'cpu', quantize: 'int8' as 'int4' }],
    ['dtype', { backend: 'cpu', dtype: 'bf16' as 'f16' }],
    ['quantizeVision', { backend: 'cpu', quantizeVision: 'yes' as unknown as boolean }],
    ['maxBindingBytes', { backend: 'cpu', maxBindingBytes: 0 }],
  ])('options.%s', async (name, options) => {
    const err = await loadModel('/nonexistent/checkpoint', options).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TypeError);
    expect((err as Error).message).toContain(`\`options.${name}\``);
  });

  it('names the option and the accepted values', async () => {
    await expect(
      loadModel(TINY, { backend: 'cpu', dtype: 'bf16' as 'f16' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`options.dtype\`, when provided, must be 'f32' or 'f16'; got "bf16".]`,
    );
    await expect(
      loadModel(TINY, { backend: 'cpu', quantize: 'int8' as 'int4' }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: \`options.quantize\`, when provided, must be 'f32' or 'int4'; got "int8".]`,
    );
  });
});

describe('sequence bounds and padding (CPU)', () => {
  const c = readCase('e_batch2_leftpad');

  it('prompt + maxNewTokens above max_position_embeddings is refused before anything is allocated', async () => {
    const m = await loadModel(TINY, { backend: 'cpu' });
    const L = c.meta.seq_len;
    await expect(
      m.generate({ inputs: c.inputs(), maxNewTokens: 200_000 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: The prompt length (${L}) + maxNewTokens (200000) = ${L + 200_000} positions, above the model's max_position_embeddings (128000).]`,
    );
    await expect(m.generate({ inputs: c.inputs(), maxNewTokens: 1e9 })).rejects.toBeInstanceOf(
      InputMismatchError,
    );
    // Within the bound, generation runs as before.
    const one = await m.generate({ inputs: c.inputs(), maxNewTokens: 1 });
    expect(one.tokens).toHaveLength(2);
    m.dispose();
  });

  it('a KV cache beyond what a typed array holds is refused up front (huge max_position_embeddings)', async () => {
    const m = await createRandomModel(
      { ...tinyConfig, max_position_embeddings: 1e12 },
      { backend: 'cpu', seed: 1 },
    );
    await expect(
      m.generate({ inputs: { inputIds: [[1, 2, 3]] }, maxNewTokens: 2e8 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: The prompt length (3) + maxNewTokens (200000000) = 200000003 positions, but the cpu backend's KV cache holds at most 134217728 (typed array length limit).]`,
    );
    m.dispose();
  });

  it('an all-padding attention-mask row is an InputMismatchError naming the row', async () => {
    const m = await loadModel(TINY, { backend: 'cpu' });
    const L = 4;
    const inputs = {
      inputIds: [
        [1, 2, 3, 4],
        [0, 0, 0, 0],
      ],
      attentionMask: [[1, 1, 1, 1], Array<number>(L).fill(0)],
    };
    await expect(m.generate({ inputs, maxNewTokens: 2 })).rejects.toThrowErrorMatchingInlineSnapshot(
      `[InputMismatchError: \`inputs.attentionMask\` row 1 is all padding (no 1): every row needs at least one token.]`,
    );
    await expect(m.forward(inputs)).rejects.toBeInstanceOf(InputMismatchError);
    m.dispose();
  });
});
