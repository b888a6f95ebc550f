import type { CommandSpec } from '../command.js';
import { datagenCommand } from './datagen.js';
import { downloadCommand } from './download.js';
import { validateCommand } from './validate.js';
import { compareCommand } from './compare.js';
import { curateCommand } from './curate.js';
import { evalCommand } from './eval.js';
import { generateCommand } from './generate.js';
import { framesCommand } from './frames.js';
import { predictCommand } from './predict.js';
import { probeCommand } from './probe.js';
import { scenesCommand } from './scenes.js';
import { scoreCommand } from './score.js';
import { splitCommand } from './split.js';

/** Every `nextevent` command, in the order `--help` lists them. Each lives in its own file in this folder. */
export const COMMANDS: readonly CommandSpec[] = [
  evalCommand,
  scoreCommand,
  compareCommand,
  curateCommand,
  predictCommand,
  generateCommand,
  probeCommand,
  splitCommand,
  framesCommand,
  scenesCommand,
  datagenCommand,
  downloadCommand,
  validateCommand,
];
