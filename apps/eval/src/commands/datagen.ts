import { resolve } from 'node:path';
import { DEFAULT_PATH_PREFIX, SFT_FORMAT_NAMES, type PyInt } from '@nextevent/dataset';
import { writeSftFiles } from '@nextevent/dataset/node';
import { EXIT, UsageError, type CommandSpec } from '../command.js';

interface DatagenFlags {
  datasetRoot: string;
  out: string;
  format: string;
  seed?: bigint;
  seedMode: 'per-format' | 'once';
  pathPrefix: string;
}

/** Parses `--seed` with Python int semantics (any size, negative allowed). */
function seedFlag(value: string): bigint {
  if (!/^[-+]?\d+$/.test(value.trim())) {
    throw new UsageError(`--seed must be an integer, got "${value}"`);
  }
  return BigInt(value.trim());
}

/** A fresh seed from the platform's entropy (53 bits, so it prints and re-parses as a plain integer). */
function entropySeed(): bigint {
  const words = crypto.getRandomValues(new Uint32Array(2));
  return (BigInt((words[0] ?? 0) & 0x1fffff) << 32n) | BigInt(words[1] ?? 0);
}

/** `nextevent datagen`: the reference's SFT files from a V1-33K folder, byte-identical for a given seed. */
export const datagenCommand: CommandSpec = {
  name: 'datagen',
  summary:
    'Generate the V1 SFT data files (LLaMA-Factory sharegpt) from a V1-33K folder, as the reference does.',
  description:
    'Reads <dataset-root>/next_event_prediction.json and the clips under <dataset-root>/first_part_video and ' +
    '<dataset-root>/second_part_video, and writes the files video_data_generation.py writes (same names, same ' +
    'bytes for the same seed) plus dataset_info.json. --seed-mode per-format seeds the Python-compatible RNG ' +
    'right before each format; once seeds it once and runs the reference __main__ order. Without --seed a seed ' +
    'is drawn and printed so the run can be reproduced.',
  options: [
    { flags: '--dataset-root <dir>', description: 'The V1-33K folder.', required: true },
    {
      flags: '--out <dir>',
      description: 'Output folder (the reference writes LLaMA-Factory/data).',
      required: true,
    },
    {
      flags: '--format <name>',
      description: 'One format (dataset name) or all.',
      default: 'all',
      choices: ['all', ...SFT_FORMAT_NAMES],
    },
    {
      flags: '--seed <int>',
      description: 'Seed of the Python-compatible random generator.',
      parse: seedFlag,
    },
    {
      flags: '--seed-mode <mode>',
      description: 'per-format: reseed before each format; once: seed once, reference __main__ order.',
      default: 'per-format',
      choices: ['per-format', 'once'],
    },
    {
      flags: '--path-prefix <prefix>',
      description: 'How video paths start inside the records (relative to where LLaMA-Factory runs).',
      default: DEFAULT_PATH_PREFIX,
    },
  ],
  async run({ options, io }) {
    const f = options as unknown as DatagenFlags;
    const seed: PyInt = f.seed ?? entropySeed();
    if (f.seed === undefined) {
      io.stdout(`seed: ${seed} (pass --seed ${seed} to reproduce this run)\n`);
    }
    const result = await writeSftFiles({
      datasetRoot: resolve(f.datasetRoot),
      outDir: f.out,
      seed,
      seedMode: f.seedMode,
      pathPrefix: f.pathPrefix,
      ...(f.format === 'all' ? {} : { formats: [f.format] }),
    });
    io.stdout(result.stdout);
    io.stdout(`wrote ${result.files.length} data files and ${result.datasetInfoPath}\n`);
    return EXIT.ok;
  },
};
