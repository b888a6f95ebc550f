import { mkdtempSync, readFileSync, writeFileSync, copyFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bf16ToF32,
  f16ToF32,
  loadModel,
  localFiles,
  parseConfig,
  parseSafetensorsHeader,
  readHeaderLength,
  streamWeights,
  type LoadProgress,
} from '@nextevent/vlm';
import { TINY, maxAbsDiff, readCase } from './helpers.js';

const tinyConfig = JSON.parse(readFileSync(join(TINY, 'config.json'), 'utf8')) as Record<string, unknown>;

describe('parseConfig', () => {
  it('reads every size and special token id from the tiny Qwen2.5-VL config', () => {
    const c = parseConfig(tinyConfig);
    expect(c.modelType).toBe('qwen2_5_vl');
    expect(c.text).toMatchObject({
      vocabSize: 1024,
      hiddenSize: 64,
      intermediateSize: 128,
      numLayers: 2,
      numHeads: 4,
      numKvHeads: 2,
      headDim: 16,
      mropeSection: [4, 2, 2],
      tieWordEmbeddings: true,
    });
    expect(c.vision).toMatchObject({
      depth: 4,
      hiddenSize: 32,
      numHeads: 2,
      outHiddenSize: 64,
      windowSize: 112,
      fullAttBlockIndexes: [1, 3],
      tokensPerSecond: 2,
      norm: 'rms',
      mlp: 'gated',
    });
    expect(c.tokens).toEqual({
      imageTokenId: 1000,
      videoTokenId: 1001,
      visionStartTokenId: 998,
      visionEndTokenId: 999,
      eosTokenIds: [1002],
      bosTokenId: 1003,
      padTokenId: undefined,
    });
  });

  it('merges generation_config eos ids and reads the newer text_config layout', () => {
    const { hidden_size, num_attention_heads, ...rest } = tinyConfig;
    const nested = { ...rest, text_config: { hidden_size, num_attention_heads } };
    const c = parseConfig(nested, { eos_token_id: [1002, 1003] });
    expect(c.text.hiddenSize).toBe(64);
    expect(c.tokens.eosTokenIds).toEqual([1002, 1003]);
  });

  it('reads a Qwen2-VL config (LayerNorm, fc MLP, no windows)', () => {
    const q2 = {
      ...tinyConfig,
      model_type: 'qwen2_vl',
      vision_config: {
        depth: 2,
        embed_dim: 32,
        num_heads: 2,
        hidden_size: 64,
        mlp_ratio: 4,
        hidden_act: 'quick_gelu',
      },
    };
    const c = parseConfig(q2);
    expect(c.vision).toMatchObject({
      hiddenSize: 32,
      intermediateSize: 128,
      outHiddenSize: 64,
      windowSize: 0,
      fullAttBlockIndexes: [0, 1],
      tokensPerSecond: 0,
      norm: 'layer',
      mlp: 'fc',
      hiddenAct: 'quick_gelu',
    });
  });

  it('names what is wrong', () => {
    expect(() => parseConfig({ ...tinyConfig, model_type: 'llama' })).toThrowErrorMatchingInlineSnapshot(
      `[UnsupportedModelError: config.json: model_type "llama" is not supported (expected "qwen2_5_vl" or "qwen2_vl").]`,
    );
    const { vocab_size: _v, ...noVocab } = tinyConfig;
    expect(() => parseConfig(noVocab)).toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: config.json: "vocab_size" is missing.]`,
    );
    expect(() =>
      parseConfig({ ...tinyConfig, rope_scaling: { type: 'mrope', mrope_section: [4, 4, 4] } }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: config.json: mrope_section [4,4,4] must sum to head_dim / 2 = 8.]`,
    );
  });
});

describe('safetensors', () => {
  it('parses the header of the tiny checkpoint (80 tensors, legacy names)', () => {
    const buf = readFileSync(join(TINY, 'model.safetensors'));
    const n = readHeaderLength(buf.subarray(0, 8), 'model.safetensors');
    const h = parseSafetensorsHeader(buf.subarray(8, 8 + n), 'model.safetensors', buf.byteLength);
    expect(h.tensors.size).toBe(80);
    expect(h.metadata).toEqual({ format: 'pt' });
    expect(h.tensors.get('visual.patch_embed.proj.weight')).toMatchObject({
      dtype: 'F32',
      shape: [32, 3, 2, 14, 14],
    });
    expect(h.tensors.has('lm_head.weight')).toBe(false);
  });

  it('rejects inconsistent byte ranges', () => {
    const header = new TextEncoder().encode(
      JSON.stringify({ w: { dtype: 'F32', shape: [2, 2], data_offsets: [0, 12] } }),
    );
    expect(() => parseSafetensorsHeader(header, 'bad.safetensors')).toThrowErrorMatchingInlineSnapshot(
      `[ModelFormatError: bad.safetensors: tensor "w" spans 12 bytes but shape [2,2] × F32 needs 16.]`,
    );
  });

  it('bf16 and f16 decode exactly', () => {
    // bf16: the top 16 bits of the float32 pattern.
    const f = new Float32Array([1, -2.5, 3.140625, 0]);
    const bits = new Uint32Array(f.buffer);
    const bf = Uint16Array.from(bits, (b) => b >>> 16);
    expect(Array.from(bf16ToF32(bf))).toEqual([1, -2.5, 3.140625, 0]);
    // f16 patterns: 1.0, -2.0, 65504 (max), 2^-24 (smallest subnormal), +inf.
    const h = Uint16Array.from([0x3c00, 0xc000, 0x7bff, 0x0001, 0x7c00]);
    expect(Array.from(f16ToF32(h))).toEqual([1, -2, 65504, 2 ** -24, Infinity]);
  });
});

/** Writes the tiny checkpoint as 3 shards plus model.safetensors.index.json, with the current (prefixed) names. */
function writeSharded(dir: string): void {
  const buf = readFileSync(join(TINY, 'model.safetensors'));
  const n = readHeaderLength(buf.subarray(0, 8), 'x');
  const h = parseSafetensorsHeader(buf.subarray(8, 8 + n), 'x');
  const names = [...h.tensors.keys()].sort();
  const weightMap: Record<string, string> = {};
  for (let s = 0; s < 3; s++) {
    const part = names.filter((_, i) => i % 3 === s);
    const file = `model-0000${s + 1}-of-00003.safetensors`;
    const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
    const chunks: Buffer[] = [];
    let off = 0;
    for (const name of part) {
      const info = h.tensors.get(name)!;
      const renamed = name.startsWith('model.') ? `model.language_model.${name.slice(6)}` : `model.${name}`;
      header[renamed] = {
        dtype: info.dtype,
        shape: info.shape,
        data_offsets: [off, off + info.end - info.begin],
      };
      chunks.push(buf.subarray(info.begin, info.end));
      off += info.end - info.begin;
      weightMap[renamed] = file;
    }
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (json.length % 8)) % 8);
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeFileSync(join(dir, file), Buffer.concat([len, Buffer.from(json), ...chunks]));
  }
  writeFileSync(
    join(dir, 'model.safetensors.index.json'),
    JSON.stringify({ metadata: {}, weight_map: weightMap }),
  );
  copyFileSync(join(TINY, 'config.json'), join(dir, 'config.json'));
}

describe('loading sources', () => {
  const c = readCase('b_video_2x4x4');
  let reference: Float32Array;
  beforeAll(async () => {
    const m = await loadModel(TINY, { backend: 'cpu' });
    reference = (await m.forward(c.inputs())).logits;
    m.dispose();
  });

  it('sharded checkpoints with current transformers names load to the same logits, with progress', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vlm-sharded-'));
    try {
      writeSharded(dir);
      const events: LoadProgress[] = [];
      const m = await loadModel(dir, { backend: 'cpu', onProgress: (p) => events.push(p) });
      expect(maxAbsDiff((await m.forward(c.inputs())).logits, reference)).toBe(0);
      const weights = events.filter((e) => e.phase === 'weights');
      expect(new Set(weights.map((e) => e.file)).size).toBe(3);
      expect(weights.at(-1)!.loaded).toBe(weights.at(-1)!.total);
      expect(events.at(-1)!.phase).toBe('ready');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('bf16 weights stay within the README bound (atol 2e-2 vs the f32 goldens)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vlm-bf16-'));
    try {
      copyFileSync(join(TINY, 'config.json'), join(dir, 'config.json'));
      copyFileSync(join(TINY, 'model.bf16.safetensors'), join(dir, 'model.safetensors'));
      const m = await loadModel(dir, { backend: 'cpu' });
      const d = maxAbsDiff((await m.forward(c.inputs())).logits, c.f32('logits'));
      expect(d).toBeLessThan(2e-2);
      expect(d).toBeGreaterThan(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('streams tensors one at a time in file order', async () => {
    const names: string[] = [];
    let maxBytes = 0;
    await streamWeights(localFiles(TINY), (info, bytes) => {
      names.push(info.name);
      maxBytes = Math.max(maxBytes, bytes.byteLength);
    });
    expect(names).toHaveLength(80);
    expect(maxBytes).toBe(1024 * 64 * 4); // the embedding table, the largest tensor
  });

  describe('over HTTP (loopback)', () => {
    let server: Server;
    let base = '';
    const hits: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        const url = decodeURIComponent(req.url ?? '');
        hits.push(`${req.method} ${url}`);
        // Serves TINY at /plain/<file> and like the Hub at /<owner>/<name>/resolve/<rev>/<file>.
        const m = /^\/(?:plain|tiny\/qwen\/resolve\/main)\/([\w.-]+)$/.exec(url);
        const file = m ? join(TINY, m[1]!) : '';
        let body: Buffer;
        try {
          body = readFileSync(file);
        } catch {
          res.writeHead(404, { 'x-error-code': 'EntryNotFound' }).end('not found');
          return;
        }
        // Like the Hub: ETag, and byte ranges (the Hub client probes with Range: bytes=0-0, then reads lazily).
        const headers = { etag: `"${body.byteLength}"`, 'content-type': 'application/octet-stream' };
        const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
        if (range) {
          const a = Number(range[1]);
          const b = range[2] ? Math.min(Number(range[2]), body.byteLength - 1) : body.byteLength - 1;
          res.writeHead(206, {
            ...headers,
            'content-range': `bytes ${a}-${b}/${body.byteLength}`,
            'content-length': b - a + 1,
          });
          res.end(body.subarray(a, b + 1));
          return;
        }
        res.writeHead(200, { ...headers, 'content-length': body.byteLength });
        res.end(body);
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      const addr = server.address();
      base = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
    });
    afterAll(() => server.close());

    it('a URL source downloads once into the cache directory and reloads from it', async () => {
      const cacheDir = mkdtempSync(join(tmpdir(), 'vlm-cache-'));
      try {
        const m1 = await loadModel(`${base}/plain/`, { backend: 'cpu', dir: cacheDir });
        expect(maxAbsDiff((await m1.forward(c.inputs())).logits, reference)).toBe(0);
        const files = readdirSync(cacheDir);
        expect(files.some((f) => f.endsWith('model.safetensors'))).toBe(true);
        expect(files.some((f) => f.includes('.tmp-'))).toBe(false);
        const before = hits.length;
        const m2 = await loadModel(`${base}/plain/`, { backend: 'cpu', dir: cacheDir });
        // Only the files that do not exist (404 is not cached) are requested again.
        const again = hits.slice(before);
        expect(again.some((h) => h.endsWith('/model.safetensors') || h.endsWith('/config.json'))).toBe(false);
        expect(again.some((h) => h.endsWith('/tokenizer.json'))).toBe(true);
        expect(maxAbsDiff((await m2.forward(c.inputs())).logits, reference)).toBe(0);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    });

    it('a Hub repo id resolves through @huggingface/hub (hubUrl pointed at the loopback server)', async () => {
      const cacheDir = mkdtempSync(join(tmpdir(), 'vlm-hub-'));
      try {
        const m = await loadModel('tiny/qwen', { backend: 'cpu', hubUrl: base, dir: cacheDir });
        expect(m.source).toBe('hf://tiny/qwen@main');
        expect(maxAbsDiff((await m.forward(c.inputs())).logits, reference)).toBe(0);
      } finally {
        rmSync(cacheDir, { recursive: true, force: true });
      }
    });
  });
});

describe('expectedTensors / createRandomModel', () => {
  it('lists exactly the tensors of the tiny checkpoints (tied and untied)', async () => {
    const { expectedTensors } = await import('@nextevent/vlm');
    for (const dir of [TINY, join(TINY, 'untied')]) {
      const cfg = parseConfig(JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')));
      const buf = readFileSync(join(dir, 'model.safetensors'));
      const n = readHeaderLength(buf.subarray(0, 8), 'x');
      const h = parseSafetensorsHeader(buf.subarray(8, 8 + n), 'x');
      const expected = expectedTensors(cfg);
      expect(expected.map((t) => t.name).sort()).toEqual([...h.tensors.keys()].sort());
      for (const t of expected) {
        expect(h.tensors.get(t.name)!.shape).toEqual(t.shape);
      }
    }
  });

  it('a random CPU model with the tiny config runs and is labelled untrained', async () => {
    const { createRandomModel } = await import('@nextevent/vlm');
    const m = await createRandomModel(tinyConfig, { backend: 'cpu', seed: 5 });
    expect(m.untrained).toBe(true);
    const c = readCase('b_video_2x4x4');
    const out = await m.forward(c.inputs());
    expect(out.dims).toEqual([1, c.meta.seq_len, 1024]);
    expect(out.logits.every(Number.isFinite)).toBe(true);
    // Different weights than the fixture: the logits differ.
    expect(maxAbsDiff(out.logits, c.f32('logits'))).toBeGreaterThan(1e-3);
  });
});
