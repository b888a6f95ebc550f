import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModel } from '@nextevent/vlm';
// @ts-expect-error -- plain .mjs script without type declarations
import { makeDemoModel } from '../src/make-demo-model.mjs';

const make = makeDemoModel as (out: string, o?: { force?: boolean }) => { outDir: string; skipped: boolean };

describe('make-demo-model', () => {
  const a = mkdtempSync(join(tmpdir(), 'demo-a-'));
  const b = mkdtempSync(join(tmpdir(), 'demo-b-'));
  afterAll(() => {
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  });

  it('is deterministic, small, labelled untrained, and skips when up to date', () => {
    const outA = join(a, 'm');
    const outB = join(b, 'm');
    expect(make(outA).skipped).toBe(false);
    expect(make(outB).skipped).toBe(false);
    expect(make(outA).skipped).toBe(true);
    expect(
      readFileSync(join(outA, 'model.safetensors')).equals(readFileSync(join(outB, 'model.safetensors'))),
    ).toBe(true);
    expect(statSync(join(outA, 'model.safetensors')).size).toBeLessThan(24 * 1024 * 1024);
    const config = JSON.parse(readFileSync(join(outA, 'config.json'), 'utf8'));
    expect(config.nextevent_demo.untrained).toBe(true);
    expect(readFileSync(join(outA, 'README.md'), 'utf8')).toContain('UNTRAINED');
  });

  it('loads with @nextevent/vlm and streams text for a video prompt', async () => {
    const model = await loadModel(join(a, 'm'), { backend: 'cpu' });
    expect(model.untrained).toBe(true);
    expect(model.config.text.vocabSize).toBe(151936);
    const frames = Array.from({ length: 4 }, (_, i) => ({
      width: 56,
      height: 84,
      data: new Uint8Array(56 * 84 * 3).fill(i * 40),
    }));
    const inputs = model.prepareInputs([
      {
        role: 'user',
        content: [
          { type: 'video', video: { frames } },
          { type: 'text', text: 'What happens next?' },
        ],
      },
    ]);
    // 4 frames of 84x56 -> grid [2, 6, 4] -> 12 video tokens.
    expect(inputs.videoGridThw).toEqual([[2, 6, 4]]);
    expect(inputs.inputIds[0]!.filter((t) => t === 151656)).toHaveLength(12);
    const out = await model.generate({ inputs, maxNewTokens: 5 });
    expect(out.tokens[0]!.length).toBeGreaterThan(0);
    expect(out.tokens[0]!.length).toBeLessThanOrEqual(5);
    expect(typeof out.text![0]).toBe('string');
    model.dispose();
  });
});
