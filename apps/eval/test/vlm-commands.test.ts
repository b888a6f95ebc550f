import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
