#!/usr/bin/env node
// End-to-end benchmark of @nextevent/vlm (the BUILT package): prefill tokens/s, decode tokens/s, vision ms per
// frame pair (one temporal patch) and time-to-first-token for a video prompt, for
//   1. the tiny fixture checkpoint (test/fixtures/tiny-qwen2_5-vl), f32 weights;
//   2. a synthetic Qwen2.5-VL-3B-shaped model with random int4 decoder weights (hidden 2048, 16/2 heads,
//      MLP 11008, vocab 151936, ViT width 1280), with as many decoder layers / ViT blocks as the adapter allows
//      (default: all 36 / 32 on a hardware adapter, 2 / 2 on software adapters such as lavapipe or SwiftShader).
// Prints one JSON line per model. Usage:
//   npm run build -w @nextevent/vlm && npm run bench -w @nextevent/vlm -- [--backend webgpu|cpu]
//     [--layers N] [--vision-depth N] [--prompt-tokens 128] [--decode-tokens 16] [--frames 4] [--side 224]
//     [--only tiny|3b] [--dtype f32|f16]
import { fileURLToPath } from 'node:url';
import { createRandomModel, loadModel } from '@nextevent/vlm';
import { requestDevice } from '@nextevent/kernels';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
const backend = opt('backend', 'webgpu');
const dtype = opt('dtype', 'f32');
const only = opt('only', undefined);

let device;
let adapter = 'cpu';
let software = true;
if (backend === 'webgpu') {
  const kd = await requestDevice();
  device = kd.gpu;
  const info = kd.adapterInfo;
  adapter =
    [info?.vendor, info?.architecture, info?.device, info?.description].filter(Boolean).join(' ') ||
    'unknown';
  software = /llvmpipe|lavapipe|swiftshader|software|cpu/i.test(adapter);
}
const promptTokens = Number(opt('prompt-tokens', software ? 64 : 512));
const decodeTokens = Number(opt('decode-tokens', software ? 8 : 64));
const frames = Number(opt('frames', 4));
const side = Number(opt('side', software ? 112 : 448));

const ms = (t0) => performance.now() - t0;

/** Random frames of side×side as processor rows: patchify does the real layout, pixels are random bytes. */
function video(model) {
  const data = () => {
    const d = new Uint8Array(side * side * 3);
    for (let i = 0; i < d.length; i++) {
      d[i] = (i * 2654435761) >>> 24;
    }
    return d;
  };
  return {
    frames: Array.from({ length: frames }, () => ({ width: side, height: side, data: data() })),
    fps: 2,
    model,
  };
}

async function measure(name, model, extra) {
  const V = model.config.text.vocabSize;
  const ids = Array.from({ length: promptTokens }, (_, i) => (i * 7919) % Math.min(V, 150000));
  // Warm up pipelines.
  await model.generate({ inputs: { inputIds: [ids.slice(0, 8)] }, maxNewTokens: 2, stopTokenIds: [] });

  // Text prefill + decode.
  let t0 = performance.now();
  let ttft = 0;
  let firstAt = 0;
  let count = 0;
  for await (const _ of model.stream({
    inputs: { inputIds: [ids] },
    maxNewTokens: decodeTokens,
    stopTokenIds: [],
  })) {
    if (count === 0) {
      ttft = ms(t0);
      firstAt = performance.now();
    }
    count++;
  }
  const decodeMs = performance.now() - firstAt;

  // Vision tower on `frames` frames (frames / 2 temporal patches).
  const { processVideo } = await import('@nextevent/vlm');
  const pv = processVideo({ frames: video().frames, fps: 2 }, model.config);
  await model.encodeVision(pv.pixelValues, [pv.gridThw]);
  t0 = performance.now();
  await model.encodeVision(pv.pixelValues, [pv.gridThw]);
  const visionMs = ms(t0);

  // TTFT of a video prompt: vision + prefill of text + video tokens + first token.
  const vt = (pv.gridThw[0] * pv.gridThw[1] * pv.gridThw[2]) / 4;
  const { visionStartTokenId: vs, visionEndTokenId: ve, videoTokenId: vid } = model.config.tokens;
  const vids = [...ids.slice(0, 16), vs, ...Array(vt).fill(vid), ve, ...ids.slice(16, 32)];
  t0 = performance.now();
  for await (const _ of model.stream({
    inputs: {
      inputIds: [vids],
      pixelValuesVideos: pv.pixelValues,
      videoGridThw: [pv.gridThw],
      secondPerGridTs: [1],
    },
    maxNewTokens: 1,
    stopTokenIds: [],
  })) {
    break;
  }
  const ttftVideo = ms(t0);
  const line = {
    bench: 'vlm',
    model: name,
    backend: model.backendKind,
    adapter,
    ...extra,
    prompt_tokens: promptTokens,
    prefill_tok_s: +(promptTokens / (ttft / 1000)).toFixed(2),
    ttft_text_ms: +ttft.toFixed(2),
    decode_tokens: count,
    decode_tok_s: count > 1 ? +((count - 1) / (decodeMs / 1000)).toFixed(2) : null,
    frames,
    frame_side: side,
    vision_ms_per_frame_pair: +(visionMs / (frames / 2)).toFixed(2),
    video_prompt_tokens: vids.length,
    ttft_video_ms: +ttftVideo.toFixed(2),
  };
  console.log(JSON.stringify(line));
  model.dispose();
}

if (!only || only === 'tiny') {
  const dir = fileURLToPath(new URL('../test/fixtures/tiny-qwen2_5-vl/', import.meta.url));
  const model = await loadModel(dir, {
    backend: device ? 'webgpu' : 'cpu',
    ...(device ? { device, dtype } : {}),
  });
  await measure('tiny-qwen2_5-vl', model, { weights: dtype, dtype });
}

if (!only || only === '3b') {
  const layers = Number(opt('layers', software ? 2 : 36));
  const depth = Number(opt('vision-depth', software ? 2 : 32));
  const config = {
    model_type: 'qwen2_5_vl',
    hidden_size: 2048,
    intermediate_size: 11008,
    num_hidden_layers: layers,
    num_attention_heads: 16,
    num_key_value_heads: 2,
    rms_norm_eps: 1e-6,
    rope_theta: 1000000.0,
    rope_scaling: { type: 'mrope', mrope_section: [16, 24, 24] },
    vocab_size: 151936,
    tie_word_embeddings: true,
    image_token_id: 151655,
    video_token_id: 151656,
    vision_start_token_id: 151652,
    vision_end_token_id: 151653,
    eos_token_id: 151645,
    vision_config: {
      depth,
      hidden_size: 1280,
      intermediate_size: 3420,
      num_heads: 16,
      out_hidden_size: 2048,
      window_size: 112,
      fullatt_block_indexes: [7, 15, 23, 31].filter((i) => i < depth),
      tokens_per_second: 2,
    },
  };
  const model = await createRandomModel(config, {
    backend: device ? 'webgpu' : 'cpu',
    ...(device ? { device } : {}),
    quantize: 'int4',
    dtype,
  });
  await measure('synthetic-3b-shape-int4', model, {
    weights: 'int4 (decoder), f32 (vision)',
    layers,
    vision_depth: depth,
    full_layers: 36,
    full_vision_depth: 32,
  });
}
process.exit(0);
