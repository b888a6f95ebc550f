import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandSpec } from '@nextevent/eval';
import { generateCommand } from '../src/commands/generate.js';
import { predictCommand } from '../src/commands/predict.js';
import { backendLine } from '../src/vlm/vlm-flags.js';
import { runCli, type Json } from './helpers/cli.js';

// The bundled demo model's generator, written into a temp folder so the test never depends on the repo state.
// @ts-expect-error -- plain .mjs script without type declarations
import { makeDemoModel } from '../../../tools/scripts/src/make-demo-model.mjs';

const SAMPLE = join(import.meta.dirname, '../../demo/public/sample.mp4');

describe('nextevent generate / predict (local Qwen2.5-VL, CPU backend)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nextevent-vlm-'));
  const model = join(dir, 'demo');
  beforeAll(() => {
    (makeDemoModel as (out: string) => unknown)(model);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('generate streams text to stdout and labels the demo model as untrained', async () => {
    const r = await runCli([
      'generate',
      '--model',
      model,
      '--backend',
      'cpu',
      '--prompt',
      'Hello',
      '--max-new-tokens',
      '4',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('UNTRAINED');
    expect(r.stderr).toContain('backend: cpu\n');
    expect(r.stdout.endsWith('\n')).toBe(true);
  });

  it('generate --json reports the tokens; greedy decoding is reproducible', async () => {
    const argv = [
      'generate',
      '--model',
      model,
      '--backend',
      'cpu',
      '--prompt',
      'What happens next?',
      '--max-new-tokens',
      '5',
      '--json',
    ];
    const a = JSON.parse((await runCli(argv)).stdout);
    const b = JSON.parse((await runCli(argv)).stdout);
    expect(a.untrained).toBe(true);
    expect(a.backend).toBe('cpu');
    expect(a.tokens.length).toBeGreaterThan(0);
    expect(a.tokens.length).toBeLessThanOrEqual(5);
    expect(b.tokens).toEqual(a.tokens);
  });

  it('says which backend runs, and why when --backend auto fell back to the CPU', () => {
    expect(backendLine('auto', 'cpu')).toBe(
      'backend: cpu (--backend auto found no WebGPU adapter; the CPU reference is slow for real checkpoints)',
    );
    expect([backendLine('auto', 'webgpu'), backendLine('cpu', 'cpu')]).toEqual([
      'backend: webgpu',
      'backend: cpu',
    ]);
  });

  it('predict --at inside the first GOP of a long-GOP clip shows exactly the frames before it', async () => {
    // 4 s at 10 fps, keyframes at 0 s and 3 s only, B-frames: no keyframe lies in (0, 1].
    const clip = join(dir, 'longgop.mp4');
    await promisify(execFile)('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
      'testsrc2=size=112x84:rate=10:duration=4', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '30',
      '-keyint_min', '30', '-sc_threshold', '0', '-bf', '2', '-pix_fmt', 'yuv420p', clip]); // prettier-ignore
    // Inside the first GOP (on a frame, between frames), on the keyframe, inside the last GOP.
    for (const [at, frames, end] of [
      ['1', 10, 1],
      ['0.95', 10, 1],
      ['3', 30, 3],
      ['3.5', 35, 3.5],
    ] as const) {
      const r = await runCli([
        'predict',
        clip,
        '--model',
        model,
        '--backend',
        'cpu',
        '--at',
        at,
        '--max-frames',
        '4',
        '--max-new-tokens',
        '2',
        '--json',
      ]);
      expect(r.stderr).not.toContain('error');
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      // Frames every 0.1 s from 0: all those before `at`, none at or after it.
      expect(out.past, `--at ${at}`).toEqual({ frames, start: 0, end });
      expect(out.framesUsed).toBeGreaterThan(0);
    }
  });

  it('states the decoding defaults in the help and bounds --top-p to (0, 1]', async () => {
    const help = (spec: CommandSpec) =>
      spec.options.find((o) => o.flags.startsWith('--max-new-tokens'))?.description;
    expect(help(predictCommand)).toBe('Maximum generated tokens (default 128, or 16 with --options).');
    expect(help(generateCommand)).toBe('Maximum generated tokens (default 128).');
    const r = await runCli(['generate', '--model', model, '--prompt', 'Hi', '--top-p', '5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--top-p must be a number from 1e-9 to 1, got "5"');
  });

  it('predict rejects --options without --question (usage error)', async () => {
    const r = await runCli(['predict', SAMPLE, '--model', model, '--options', 'a|b|c|d']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--options needs --question');
  });

  it('predict works end to end on the sample clip (cut at 3 s, FutureBench options)', async () => {
    const r = await runCli([
      'predict',
      SAMPLE,
      '--model',
      model,
      '--backend',
      'cpu',
      '--at',
      '3',
      '--max-frames',
      '4',
      '--question',
      'What happens next?',
      '--options',
      'a|b|c|d',
      '--json',
    ]);
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.untrained).toBe(true);
    expect(out.framesUsed).toBeGreaterThan(0);
    expect(out.framesUsed).toBeLessThanOrEqual(4);
    expect(['', 'A', 'B', 'C', 'D']).toContain(out.answer);
  });
});
