/** The `--bootstrap` and `--seed` options shared by `eval`, `score` and `compare`. */
import type { OptionSpec } from './command.js';
import { intFlag } from './parse-flags.js';

/** Most bootstrap resamples a command accepts (each one resamples every question). */
export const MAX_BOOTSTRAP = 1_000_000;

/** `--bootstrap <n>` (default 10000, at most {@link MAX_BOOTSTRAP}) and `--seed <n>` (default 0). */
export const BOOTSTRAP_OPTIONS: readonly OptionSpec[] = [
  {
    flags: '--bootstrap <n>',
    description: `Bootstrap resamples for the confidence intervals (at most ${MAX_BOOTSTRAP}).`,
    default: 10000,
    parse: intFlag('--bootstrap', 1, MAX_BOOTSTRAP),
  },
  { flags: '--seed <n>', description: 'Seed of the bootstrap.', default: 0, parse: intFlag('--seed', 0) },
];
