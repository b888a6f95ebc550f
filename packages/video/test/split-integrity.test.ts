// The split's integrity check on its own: real splits never trip it, so its failures are exercised here directly.
import { describe, expect, it } from 'vitest';
import { SplitIntegrityError, VideoError } from '@nextevent/video';
import { checkHalf } from '../src/split-integrity.js';

describe('checkHalf (split output invariants)', () => {
  const want = [2, 2.1, 2.2, 2.3]; // source times of the half's frames

  it('accepts the same frames rebased to start at 0, within the 1 ms container rounding', () => {
    expect(() => checkHalf('future', [0, 0.1, 0.2, 0.3], want)).not.toThrow();
    expect(() => checkHalf('future', [0.05, 0.1505, 0.2495, 0.35], want)).not.toThrow();
    expect(() => checkHalf('past', [], [])).not.toThrow();
  });

  it('rejects a lost or duplicated frame, naming the half and both counts', () => {
    const lost = (): void => checkHalf('past', [0, 0.1, 0.2], want);
    expect(lost).toThrow(SplitIntegrityError);
    expect(lost).toThrow('split past: 3 frames written, 4 expected');
    expect(() => checkHalf('future', [0, 0.1, 0.1, 0.2, 0.3], want)).toThrow(
      /^split future: 5 frames written/,
    );
  });

  it('rejects a frame moved by more than 1 ms, naming it', () => {
    let err: unknown;
    try {
      checkHalf('future', [0, 0.1, 0.2021, 0.3], want);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SplitIntegrityError);
    expect(err).toBeInstanceOf(VideoError);
    expect(String(err)).toMatch(/split future: frame 2 at 0\.202\d* s relative, expected 0\.2\d* s/);
  });
});
