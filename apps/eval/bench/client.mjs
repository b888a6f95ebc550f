#!/usr/bin/env node
// Client overhead per request of `nextevent eval --backend openai`, against the fake OpenAI-compatible server
// (loopback, answers instantly, body not parsed), at concurrency 1, 8 and 64. Per request: build the body
// (one vLLM video part of 32 pre-encoded JPEG frames, the FutureBench size), POST it with the retrying client,
// parse the answer, and append + fsync one journal line, exactly what the eval loop does after frame sampling.
// Also: JPEG encoding of one 392×252 frame (a 32-frame FutureBench frame) with sharp.
// Prints JSON lines. Needs `npm run build -w @nextevent/eval` (the bench target depends on build).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DEFAULT_RETRY_POLICY,
  TASK_GENERATION,
  buildChatRequest,
  createChatCompletion,
  encodeJpeg,
  openJournal,
  startFakeOpenAIServer,
} from '../dist/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 500);
const FRAMES = 32;
const W = 392;
const H = 252; // 98784 px ≤ 1605632/32·2 per frame: the size 32 FutureBench frames get from a 16:10 video

/** A smooth synthetic scene (gradients and a moving box), so JPEG sizes are like real frames (~10–20 KB). */
function frame(seed) {
  const data = new Uint8Array(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const o = (y * W + x) * 3;
      const box = Math.abs(x - 40 - seed * 9) < 30 && Math.abs(y - 120) < 40;
      data[o] = box ? 230 : (x * 255) / W;
      data[o + 1] = box ? 40 : (y * 255) / H;
      data[o + 2] = (128 + 60 * Math.sin((x + y + seed) / 17)) | 0;
    }
  }
  return { data, width: W, height: H, channels: 3 };
}

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

// JPEG encoding cost per frame.
{
  const f = frame(1);
  await encodeJpeg(f);
  const n = 64;
  const t0 = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    bytes += (await encodeJpeg(f)).byteLength;
  }
  const ms = (performance.now() - t0) / n;
  console.log(
    JSON.stringify({
      bench: 'jpeg-encode',
      width: W,
      height: H,
      ours_ms: +ms.toFixed(3),
      jpeg_bytes: Math.round(bytes / n),
    }),
  );
}

const jpegs = await Promise.all(Array.from({ length: FRAMES }, (_, i) => encodeJpeg(frame(i))));
const video = { jpegs, sampleFps: 2, width: W, height: H };
const server = await startFakeOpenAIServer({ record: false, parse: false });
const dir = mkdtempSync(join(tmpdir(), 'nextevent-bench-'));
try {
  const bodyBytes = JSON.stringify(
    buildChatRequest({ model: 'bench', prompt: 'x', video, framesAs: 'video', generation: TASK_GENERATION }),
  ).length;
  for (const concurrency of [1, 8, 64]) {
    const { journal } = await openJournal(join(dir, `journal-${concurrency}.jsonl`));
    const lat = [];
    let next = 0;
    const client = { baseUrl: server.baseUrl, timeoutMs: 30_000, retry: DEFAULT_RETRY_POLICY };
    // warm-up (connections, JIT)
    await Promise.all(
      Array.from({ length: concurrency }, () =>
        createChatCompletion({ model: 'bench', messages: [{ role: 'user', content: 'hi' }] }, client),
      ),
    );
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < REQUESTS) {
          const i = next++;
          const s = performance.now();
          const body = buildChatRequest({
            model: 'bench',
            prompt: `\nQuestion ${i}?\nA. a\nB. b\nC. c\nD. d\n\nAnswer with the option's letter from the given choices directly.`,
            video,
            framesAs: 'video',
            generation: TASK_GENERATION,
          });
          const { completion, attempts } = await createChatCompletion(body, client);
          await journal.append({
            doc_id: i,
            id: `d${i}`,
            response: completion.content,
            attempts,
            latency_ms: 0,
          });
          lat.push(performance.now() - s);
        }
      }),
    );
    const wall = performance.now() - t0;
    await journal.close();
    // Baseline: bare fetch of the same, prebuilt body (no build, no retry wrapper, no parse, no journal).
    const payload = JSON.stringify(
      buildChatRequest({
        model: 'bench',
        prompt: 'x',
        video,
        framesAs: 'video',
        generation: TASK_GENERATION,
      }),
    );
    let nb = 0;
    const tb = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (nb < REQUESTS) {
          nb++;
          const res = await fetch(`${server.baseUrl}/chat/completions`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: payload,
          });
          await res.text();
        }
      }),
    );
    const baseline = (performance.now() - tb) / REQUESTS;
    lat.sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        bench: 'client-overhead',
        concurrency,
        requests: REQUESTS,
        body_bytes: bodyBytes,
        ours_ms_per_request: +(wall / REQUESTS).toFixed(3),
        baseline: 'bare fetch of the prebuilt body',
        baseline_ms_per_request: +baseline.toFixed(3),
        ratio: +(wall / REQUESTS / baseline).toFixed(2),
        requests_per_s: +((REQUESTS * 1000) / wall).toFixed(1),
        p50_ms: +quantile(lat, 0.5).toFixed(3),
        p99_ms: +quantile(lat, 0.99).toFixed(3),
        note: 'fake server in the same process; loopback; includes body build, POST, parse, journal append+fsync',
      }),
    );
  }
} finally {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
}
