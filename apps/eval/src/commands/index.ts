import type { CommandSpec } from '../command.js';

/** Every `nextevent` command, in the order `--help` lists them. Each lives in its own file in this folder. */
export const COMMANDS: readonly CommandSpec[] = [];
