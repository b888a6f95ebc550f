import { describe, expect, it } from 'vitest';
import { timingRows, tokensPerSecond } from '../src/metrics.js';

describe('tokensPerSecond', () => {
  it('divides tokens by seconds', () => {
    expect(tokensPerSecond(50, 250)).toBe(200);
    expect(tokensPerSecond(0, 100)).toBe(0);
  });

  it('returns null when nothing was measured', () => {
    expect(tokensPerSecond(10, 0)).toBeNull();
    expect(tokensPerSecond(10, Number.NaN)).toBeNull();
  });
});

describe('timingRows', () => {
  it('formats every measurement for the table', () => {
    const rows = timingRows({
      framesSampled: 8,
      samplingMs: 420.4,
      visionMs: 1234,
      prefillTokens: 300,
      prefillMs: 1500,
      decodeTokens: 16,
      decodeMs: 2000,
      timeToFirstTokenMs: 3100,
    });
    expect(Object.fromEntries(rows.map((r) => [r.key, r.value]))).toEqual({
      frames: '8 (420 ms)',
      vision: '1.23 s',
      prefill: '200 tok/s · 300 tokens',
      decode: '8.0 tok/s · 16 tokens',
      ttft: '3.10 s',
    });
  });

  it('shows a dash for rates it cannot compute', () => {
    const rows = timingRows({
      framesSampled: 0,
      samplingMs: 0,
      visionMs: 0,
      prefillTokens: 0,
      prefillMs: 0,
      decodeTokens: 0,
      decodeMs: 0,
      timeToFirstTokenMs: 0,
    });
    expect(rows.find((r) => r.key === 'decode')?.value).toBe('– · 0 tokens');
  });
});
