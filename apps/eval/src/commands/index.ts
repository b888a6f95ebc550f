import type { CommandSpec } from '../command.js';
import { compareCommand } from './compare.js';
import { curateCommand } from './curate.js';
import { evalCommand } from './eval.js';
import { generateCommand } from './generate.js';
import { predictCommand } from './predict.js';
import { scoreCommand } from './score.js';

/** Every `nextevent` command, in the order `--help` lists them. Each lives in its own file in this folder. */
export const COMMANDS: readonly CommandSpec[] = [
  evalCommand,
  scoreCommand,
  compareCommand,
  curateCommand,
  predictCommand,
  generateCommand,
];
