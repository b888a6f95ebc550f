import { describe, expect, it } from 'vitest';
import {
  adjacentCut,
  clampSplit,
  formatTime,
  snapToCut,
  splitRange,
  suggestSplit,
} from '../src/split-point.js';

describe('splitRange / clampSplit', () => {
  it('keeps half a second on each side by default', () => {
    expect(splitRange(9)).toEqual([0.5, 8.5]);
    expect(clampSplit(0.1, 9)).toBe(0.5);
    expect(clampSplit(8.9, 9)).toBe(8.5);
    expect(clampSplit(4, 9)).toBe(4);
  });

  it('collapses to the middle for clips shorter than the bounds', () => {
    expect(splitRange(0.6)).toEqual([0.3, 0.3]);
    expect(clampSplit(0.1, 0.6)).toBe(0.3);
  });

  it('treats a non-finite split as the lower bound', () => {
    expect(clampSplit(Number.NaN, 9)).toBe(0.5);
  });

  it('rejects a non-positive duration', () => {
    expect(() => splitRange(0)).toThrowErrorMatchingInlineSnapshot(
      `[RangeError: duration must be a positive number of seconds, got 0]`,
    );
  });
});

describe('suggestSplit', () => {
  it('picks the cut closest to the middle, the earlier one on a tie (the bundled sample: cuts at 3 s and 6 s)', () => {
    expect(suggestSplit(9, [6, 3])).toBe(3);
    expect(suggestSplit(10, [2, 6])).toBe(6);
  });

  it('ignores cuts too close to either end', () => {
    expect(suggestSplit(9, [0.2, 8.9])).toBe(4.5);
    expect(suggestSplit(9, [0.2, 8.9, 7])).toBe(7);
  });

  it('falls back to the middle without cuts', () => {
    expect(suggestSplit(9, [])).toBe(4.5);
  });
});

describe('snapToCut / adjacentCut', () => {
  const cuts = [3, 6];
  it('snaps within the tolerance only', () => {
    expect(snapToCut(3.05, cuts, 0.1)).toBe(3);
    expect(snapToCut(3.2, cuts, 0.1)).toBe(3.2);
    expect(snapToCut(5.95, cuts, 0.1)).toBe(6);
  });

  it('finds the next and previous cut strictly after/before', () => {
    expect(adjacentCut(3, cuts, 1)).toBe(6);
    expect(adjacentCut(3, cuts, -1)).toBeUndefined();
    expect(adjacentCut(4.5, cuts, -1)).toBe(3);
    expect(adjacentCut(6, cuts, 1)).toBeUndefined();
  });
});

describe('formatTime', () => {
  it('formats m:ss.cc', () => {
    expect(formatTime(3)).toBe('0:03.00');
    expect(formatTime(65.456)).toBe('1:05.46');
    expect(formatTime(59.999)).toBe('1:00.00');
    expect(formatTime(-1)).toBe('0:00.00');
  });
});
