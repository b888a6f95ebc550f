import { beforeAll, describe, expect, it } from 'vitest';
import { defaultModelPath, ensureDemoModel } from '../src/vlm/demo-model.js';
import { FB_DATA, FB_DOCS, FB_ROOT, expectedPrompt, readJsonl, runCli, tmp } from './helpers/cli.js';

let model = '';
beforeAll(async () => {
  model = await ensureDemoModel(defaultModelPath(), () => {});
}, 120_000);

describe('nextevent eval --backend local (bundled untrained tiny Qwen2.5-VL, CPU reference)', () => {
  it('runs the real frame sampler and the model, and writes scored lmms-eval samples', async () => {
    const out = tmp();
    const r = await runCli([
      'eval',
      '--task',
      'futurebench',
      '--data',
      FB_DATA,
      '--video-root',
      FB_ROOT,
      '--out',
      out,
      '--backend',
      'local',
      '--model-dir',
      model,
      '--device',
      'cpu',
      '--limit',
      '2',
      '--json',
      '--bootstrap',
      '50',
    ]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s).toMatchObject({ status: 'completed', total: 2, completed: 2, model });
    const lines = readJsonl(s.samplesPath);
    expect(lines.map((l) => l.doc_id)).toEqual([0, 1]);
    for (const l of lines) {
      expect(l.input).toBe(expectedPrompt(FB_DOCS[l.doc_id]!));
      expect(typeof l.resps[0][0]).toBe('string');
      expect(['', 'A', 'B', 'C', 'D']).toContain(l.future_acc.pred_answer);
    }
    // The untrained model says something (noise); whatever it says was scored, not dropped.
    expect(s.accuracy[0]).toMatchObject({ group: 'overall', n: 2 });
  });

  it('needs --model-dir', async () => {
    const r = await runCli([
      'eval',
      '--task',
      'futurebench',
      '--data',
      FB_DATA,
      '--video-root',
      FB_ROOT,
      '--out',
      tmp(),
      '--backend',
      'local',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--model-dir is required with --backend local');
  });
});
