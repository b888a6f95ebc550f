import { describe, expect, it } from 'vitest';
import { argmax, createRng, pickToken } from '@nextevent/vlm';

const logits = Float32Array.from([0.1, 2.0, -1.0, 1.5, 2.0, 0.5, -3.0, 1.0]);

function softmax(xs: number[], t = 1): number[] {
  const m = Math.max(...xs);
  const e = xs.map((x) => Math.exp((x - m) / t));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function frequencies(o: Parameters<typeof pickToken>[3], n = 20000): number[] {
  const rng = createRng(123);
  const counts = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < n; i++) {
    counts[pickToken(logits, 0, logits.length, o, rng)]!++;
  }
  return counts.map((c) => c / n);
}

describe('pickToken', () => {
  it('greedy takes the first maximum, like torch.argmax', () => {
    expect(argmax(logits)).toBe(1);
    expect(pickToken(logits, 0, 8, {}, createRng(0))).toBe(1);
  });

  it('top-k 3 samples from the 3 largest logits with renormalized softmax probabilities', () => {
    const f = frequencies({ doSample: true, topK: 3 });
    // Top 3 by value, ties by lower index: 1 (2.0), 4 (2.0), 3 (1.5).
    const p = softmax([2.0, 2.0, 1.5]);
    expect(Math.abs(f[1]! - p[0]!)).toBeLessThan(0.02);
    expect(Math.abs(f[4]! - p[1]!)).toBeLessThan(0.02);
    expect(Math.abs(f[3]! - p[2]!)).toBeLessThan(0.02);
    expect(f[0]! + f[2]! + f[5]! + f[6]! + f[7]!).toBe(0);
  });

  it('temperature and top-p keep the smallest set reaching p', () => {
    const all = softmax(Array.from(logits), 0.5);
    // Sorted probabilities at T = 0.5: tokens 1 and 4 (tied) hold ~0.36 each, token 3 ~0.13: p = 0.8 keeps 3.
    const f = frequencies({ doSample: true, temperature: 0.5, topP: 0.8 });
    const kept = [all[1]!, all[4]!, all[3]!];
    const z = kept.reduce((a, b) => a + b, 0);
    expect(Math.abs(f[1]! - kept[0]! / z)).toBeLessThan(0.02);
    expect(Math.abs(f[3]! - kept[2]! / z)).toBeLessThan(0.02);
    expect(f[7]!).toBe(0);
  });
});
