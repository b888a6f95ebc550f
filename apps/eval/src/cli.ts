import { Command, CommanderError, Option } from 'commander';
import { EXIT, UsageError, type CliIo, type CommandSpec } from './command.js';
import { COMMANDS } from './commands/index.js';

/** Builds the commander program from the command table. Exposed for tests and the docs generator. */
export function buildProgram(
  io: CliIo,
  commands: readonly CommandSpec[] = COMMANDS,
): { program: Command; exitCode: () => number } {
  let code: number = EXIT.ok;
  const program = new Command('nextevent')
    .description(
      'Video next-event prediction: FutureBench evaluation, V1 data generation, video tools, local Qwen2.5-VL.',
    )
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout(s), writeErr: (s) => io.stderr(s) })
    .showHelpAfterError('(run with --help for usage)');
  for (const spec of commands) {
    const cmd = program
      .command(spec.name)
      .summary(spec.summary)
      .description(spec.description ?? spec.summary);
    for (const a of spec.arguments ?? []) {
      const name = `${a.name}${a.variadic ? '...' : ''}`;
      cmd.argument(a.required === false ? `[${name}]` : `<${name}>`, a.description);
    }
    for (const o of spec.options) {
      const opt = new Option(o.flags, o.description);
      if (o.default !== undefined) {
        opt.default(o.default);
      }
      if (o.choices) {
        opt.choices(o.choices);
      }
      if (o.parse) {
        const parse = o.parse;
        opt.argParser((value: string) => parse(value));
      }
      if (o.required) {
        opt.makeOptionMandatory();
      }
      cmd.addOption(opt);
    }
    cmd.action(async (...actionArgs: unknown[]) => {
      const command = actionArgs[actionArgs.length - 1] as Command;
      code = await spec.run({ args: command.args, options: command.opts(), io });
    });
  }
  return { program, exitCode: () => code };
}

/** Runs the CLI with `argv` (without node and script) and returns the exit code; never calls process.exit. */
export async function main(
  argv: readonly string[],
  io: CliIo,
  commands: readonly CommandSpec[] = COMMANDS,
): Promise<number> {
  const { program, exitCode } = buildProgram(io, commands);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode();
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof UsageError) {
      io.stderr(`error: ${err.message}\n`);
      return EXIT.usage;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    io.stderr(`error: ${e.name !== 'Error' ? `${e.name}: ` : ''}${e.message}\n`);
    if (io.env.NEXTEVENT_DEBUG) {
      io.stderr(`${e.stack ?? ''}\n`);
    }
    return EXIT.failure;
  }
}

/**
 * Makes a closed stdout end the process quietly: `nextevent validate … | head` closes the pipe once it has what
 * it wants, and the next write fails with EPIPE, which is no failure of the command (no stack, exit 0). Other
 * stream errors are rethrown as before.
 */
export function exitQuietlyOnEpipe(
  stream: NodeJS.EventEmitter,
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') {
      exit(EXIT.ok);
      return;
    }
    throw err;
  });
}
