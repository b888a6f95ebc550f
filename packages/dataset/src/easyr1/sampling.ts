import { PythonError } from '../python/errors.js';
import { pyIntParse } from '../python/int-parse.js';
import type { PythonRandom } from '../random/python-random.js';

/** A parsed `sampling_strategy`: a name and, after a `:`, a count or a percentage. */
export interface SamplingStrategy {
  /** `first`, `end`, `random`; any other name (such as `all`) keeps every record. */
  name: string;
  count?: number;
  percent?: number;
}

/** The EasyR1 v1 loader's grammar: `all`, `first:N`, `end:N`, `random:N`, and `N%` instead of `N`. */
export const SAMPLING_STRATEGY_PATTERN = /^(?:all|(?:first|end|random):\d+%?)$/;

/**
 * Parses a `sampling_strategy` the way the mirror's `dataset_video_v1.py` does: `split(":")` (more than one `:`
 * is a `ValueError`), `int()` of the number (Python int syntax), and for `P%` the integer before the `%`.
 */
export function parseSamplingStrategy(strategy: string): SamplingStrategy {
  if (!strategy.includes(':')) {
    return { name: strategy };
  }
  const parts = strategy.split(':');
  if (parts.length !== 2) {
    throw new PythonError('ValueError', `too many values to unpack (expected 2)`);
  }
  const [name = '', number = ''] = parts;
  if (number.includes('%')) {
    return { name, percent: Number(pyIntParse(number.split('%')[0] ?? '')) };
  }
  return { name, count: Number(pyIntParse(number)) };
}

/** Python's `seq[:n]`. */
function head<T>(records: readonly T[], n: number): T[] {
  return records.slice(0, n < 0 ? Math.max(0, records.length + n) : n);
}

/**
 * Applies a `sampling_strategy` like EasyR1 v1's loader, quirks included: `P%` means
 * `ceil(P * len / 100)` records, `end:0` keeps everything (`[-0:]`), unknown names keep everything, and
 * `random:N` shuffles with the given generator (the loader uses the unseeded global `random`) and keeps the
 * first N. Returns a new array.
 */
export function applySamplingStrategy<T>(
  records: readonly T[],
  strategy: string | SamplingStrategy,
  rng?: PythonRandom,
): T[] {
  const s = typeof strategy === 'string' ? parseSamplingStrategy(strategy) : strategy;
  const n = s.percent !== undefined ? Math.ceil((s.percent * records.length) / 100) : s.count;
  if (n === undefined) {
    return records.slice();
  }
  switch (s.name) {
    case 'first':
      return head(records, n);
    case 'end':
      // records[-n:]
      return n === 0
        ? records.slice()
        : n > 0
          ? records.slice(Math.max(0, records.length - n))
          : records.slice(-n);
    case 'random': {
      if (rng === undefined) {
        throw new TypeError('rng is required for a "random:…" sampling strategy.');
      }
      const copy = records.slice();
      rng.shuffle(copy);
      return head(copy, n);
    }
    default:
      return records.slice();
  }
}
