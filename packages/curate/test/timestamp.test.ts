import { describe, expect, it } from 'vitest';
import { formatTimestamp, parseTimestamp, snapToCut } from '@nextevent/curate';

describe('parseTimestamp', () => {
  it.each([
    ['00:13.30', 13.3],
    ['Split timestep: 00:13.30', 13.3],
    ['The boundary is at 01:02.5.', 62.5],
    ['3:07', 187],
    ['01:02:03.25', 3723.25],
    ['around 00:04.00 or 00:05.00', 4],
    ['12:60.00 then 00:01.50', 1.5],
  ])('%j → %d s', (text, seconds) => {
    expect(parseTimestamp(text)).toBeCloseTo(seconds, 9);
  });

  it.each(['no time here', '13.30 seconds', '', '1:2'])('%j → null', (text) => {
    expect(parseTimestamp(text)).toBeNull();
  });
});

describe('formatTimestamp', () => {
  it.each([
    [13.3, '00:13.30'],
    [0, '00:00.00'],
    [59.999, '01:00.00'],
    [3725.5, '62:05.50'],
  ])('%d → %s', (s, text) => {
    expect(formatTimestamp(s)).toBe(text);
  });

  it('round-trips through parseTimestamp', () => {
    for (const s of [0.01, 4, 13.3, 61.25, 600.99]) {
      expect(parseTimestamp(formatTimestamp(s))).toBeCloseTo(s, 9);
    }
  });

  it('rejects negative and non-finite times', () => {
    expect(() => formatTimestamp(-1)).toThrowErrorMatchingInlineSnapshot(
      `[TypeError: formatTimestamp: seconds must be a finite number ≥ 0, got -1]`,
    );
  });
});

describe('snapToCut', () => {
  it('moves to the nearest cut within the tolerance', () => {
    expect(snapToCut(3.8, [2, 4], 1)).toEqual({ time: 4, cut: 4 });
    expect(snapToCut(2.9, [2, 4], 1)).toEqual({ time: 2, cut: 2 });
  });
  it('keeps the time when no cut is near', () => {
    expect(snapToCut(3, [2, 4], 0.5)).toEqual({ time: 3, cut: null });
    expect(snapToCut(3, [], 5)).toEqual({ time: 3, cut: null });
  });
  it('breaks ties towards the earlier cut', () => {
    expect(snapToCut(3, [2, 4], 1)).toEqual({ time: 2, cut: 2 });
  });
});
