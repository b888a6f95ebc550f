/**
 * The split's last line of defence: a written half must hold exactly the expected frames, at the same times
 * relative to its first frame (outputs are rebased). Internal; not exported from the package barrel.
 */
import { SplitIntegrityError } from './errors.js';

/**
 * Throws {@link SplitIntegrityError} (naming `name`, the frame and both times) unless `got` has as many frame
 * timestamps as `want` and each lies within 1 ms of its counterpart, both taken relative to their first frame.
 */
export function checkHalf(name: string, got: number[], want: number[]): void {
  const bad = (why: string): never => {
    throw new SplitIntegrityError(`split ${name}: ${why}`);
  };
  if (got.length !== want.length) {
    bad(`${got.length} frames written, ${want.length} expected`);
  }
  const g0 = got[0] ?? 0;
  const w0 = want[0] ?? 0;
  got.forEach((t, i) => {
    // Compare relative times: outputs are rebased. 1 ms covers container timescale rounding.
    if (Math.abs(t - g0 - ((want[i] ?? NaN) - w0)) > 1e-3) {
      bad(`frame ${i} at ${t - g0} s relative, expected ${(want[i] ?? NaN) - w0} s`);
    }
  });
}
