import { describe, expect, it } from 'vitest';
import type { QwenVlModel } from '@nextevent/vlm';
import { timeBackend } from '../src/timed-backend.js';

type Backend = QwenVlModel['backend'];

/** A backend whose calls "take" fixed times on a fake clock, with a KV length that grows like a real cache. */
function fakeBackend(clock: { t: number }) {
  const calls: string[] = [];
  const backend = {
    kind: 'cpu',
    config: {},
    encodeVision: () => {
      calls.push('vision');
      clock.t += 40;
      return Promise.resolve(new Float32Array(1));
    },
    createState: (batch: number, capacity: number) => ({
      batch,
      capacity,
      length: 0,
      dispose: () => undefined,
    }),
    step: (state: { length: number }, input: { length: number }) => {
      calls.push(`step(${input.length})`);
      clock.t += input.length > 1 ? 100 : 5;
      state.length += input.length;
      return Promise.resolve({ logits: new Float32Array(1) });
    },
    dispose: () => calls.push('dispose'),
  } as unknown as Backend;
  return { backend, calls };
}

describe('timeBackend', () => {
  it('splits time into vision, prefill (first pass, all prompt tokens) and decode (one step per token)', async () => {
    const clock = { t: 0 };
    const { backend, calls } = fakeBackend(clock);
    const timed = timeBackend(backend, () => clock.t);
    await timed.backend.encodeVision(new Float32Array(1), []);
    const state = timed.backend.createState(1, 64);
    await timed.backend.step(state, { length: 30 } as never);
    await timed.backend.step(state, { length: 1 } as never);
    await timed.backend.step(state, { length: 1 } as never);
    expect(calls).toEqual(['vision', 'step(30)', 'step(1)', 'step(1)']);
    expect(timed.timings).toEqual({
      visionMs: 40,
      prefillTokens: 30,
      prefillMs: 100,
      prefillEnd: 140,
      decodeSteps: 2,
      decodeMs: 10,
    });

    timed.reset();
    const next = timed.backend.createState(2, 64);
    await timed.backend.step(next, { length: 10 } as never);
    expect(timed.timings).toEqual({
      visionMs: 0,
      prefillTokens: 20,
      prefillMs: 100,
      prefillEnd: 250,
      decodeSteps: 0,
      decodeMs: 0,
    });
  });

  it('forwards kind, config and dispose', () => {
    const { backend, calls } = fakeBackend({ t: 0 });
    const timed = timeBackend(backend);
    expect(timed.backend.kind).toBe('cpu');
    expect(timed.backend.config).toBe(backend.config);
    timed.backend.dispose();
    expect(calls).toEqual(['dispose']);
  });
});
