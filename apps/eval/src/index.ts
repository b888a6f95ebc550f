export { main, buildProgram } from './cli.js';
export { EXIT, UsageError } from './command.js';
export type { ArgumentSpec, CliIo, CommandContext, CommandSpec, OptionSpec } from './command.js';
