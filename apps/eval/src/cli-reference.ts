/** Renders the CLI reference (Markdown) from the command table; `npm run gen:cli-docs` puts it in the README. */
import { EXIT, type CommandSpec } from './command.js';

/** Marker lines that delimit the generated block in README.md. */
export const CLI_REFERENCE_MARKERS = {
  start: '<!-- cli-reference:start -->',
  end: '<!-- cli-reference:end -->',
} as const;

/**
 * Escapes prose for Markdown outside code spans: `<x>` would vanish as an HTML tag, `*` and `_` may start
 * emphasis (`__main__` renders as a bold **main**), `\\` would escape what follows; `|` ends a cell (see `cell`).
 */
const prose = (text: string): string =>
  text
    .split(/(`[^`]*`)/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;')
            .replace(/[\\*_]/g, (c) => `\\${c}`),
    )
    .join('');
const cell = (text: string): string => prose(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');

function usage(spec: CommandSpec): string {
  const args = (spec.arguments ?? []).map((a) => {
    const name = `${a.name}${a.variadic ? '...' : ''}`;
    return a.required === false ? `[${name}]` : `<${name}>`;
  });
  const required = spec.options.filter((o) => o.required).map((o) => o.flags.split(/,\s*/).pop() ?? o.flags);
  return ['nextevent', spec.name, ...args, ...required, '[options]'].join(' ');
}

/** Options of {@link renderCliReference}. */
export interface RenderCliReferenceOptions {
  /**
   * The repository root: absolute paths under it (e.g. a default model folder computed at run time) are written
   * relative to it, so the reference does not depend on where the repository is checked out.
   */
  root?: string;
}

/** The Markdown between the markers (without them). Deterministic: same table, same text. */
export function renderCliReference(
  commands: readonly CommandSpec[],
  options: RenderCliReferenceOptions = {},
): string {
  const out: string[] = [];
  out.push(
    '<!-- Generated from apps/eval/src/commands by `npm run gen:cli-docs`; edit the command table, not this. -->',
  );
  out.push('');
  out.push(
    'The `nextevent` CLI (`apps/eval`; run `npx nextevent <command> --help` after `npm run build`). ' +
      'Every command accepts `--help`.',
  );
  out.push('');
  out.push('| exit code | meaning |');
  out.push('|---|---|');
  out.push(`| ${EXIT.ok} | success |`);
  out.push(`| ${EXIT.failure} | the command failed (bad input file, failed requests, interrupted run, …) |`);
  out.push(`| ${EXIT.usage} | usage error: unknown command or flag, missing or invalid flag value |`);
  out.push(
    `| ${EXIT.interrupted} | interrupted (Ctrl-C, SIGTERM) where the command says so (\`curate\`): nothing final written |`,
  );
  out.push('');
  if (commands.length > 0) {
    out.push('| command | summary |');
    out.push('|---|---|');
    for (const c of commands) {
      out.push(`| [\`${c.name}\`](#nextevent-${c.name}) | ${cell(c.summary)} |`);
    }
    out.push('');
  }
  for (const c of commands) {
    out.push(`### nextevent ${c.name}`);
    out.push('');
    out.push('```');
    out.push(usage(c));
    out.push('```');
    out.push('');
    out.push(prose(c.description ?? c.summary));
    out.push('');
    if ((c.arguments ?? []).length > 0) {
      out.push('| argument | description |');
      out.push('|---|---|');
      for (const a of c.arguments ?? []) {
        const name = `${a.name}${a.variadic ? '...' : ''}`;
        out.push(`| \`${a.required === false ? `[${name}]` : `<${name}>`}\` | ${cell(a.description)} |`);
      }
      out.push('');
    }
    if (c.options.length > 0) {
      out.push('| flag | description | default |');
      out.push('|---|---|---|');
      for (const o of c.options) {
        const desc = `${cell(o.description)}${o.choices ? ` One of: ${o.choices.map((x) => `\`${x}\``).join(', ')}.` : ''}${o.required ? ' **Required.**' : ''}`;
        const def = o.default === undefined ? '' : `\`${String(o.default)}\``;
        out.push(`| \`${o.flags.replace(/\|/g, '\\|')}\` | ${desc} | ${def} |`);
      }
      out.push('');
    }
  }
  let text = out.join('\n').replace(/\n+$/, '\n');
  if (options.root) {
    const root = options.root.replace(/[\\/]+$/, '');
    text = text.split(`${root}/`).join('').split(`${root}\\`).join('');
  }
  return text;
}

/**
 * Returns `readme` with the block between the markers replaced by `reference` (markers appended at the end
 * when absent). Text outside the markers is kept byte for byte.
 */
export function spliceCliReference(readme: string, reference: string): string {
  const { start, end } = CLI_REFERENCE_MARKERS;
  const block = `${start}\n${reference.endsWith('\n') ? reference : `${reference}\n`}${end}`;
  const i = readme.indexOf(start);
  const j = readme.indexOf(end);
  if (i < 0 || j < 0 || j < i) {
    const sep = readme === '' ? '' : readme.endsWith('\n\n') ? '' : readme.endsWith('\n') ? '\n' : '\n\n';
    return `${readme}${sep}${block}\n`;
  }
  return `${readme.slice(0, i)}${block}${readme.slice(j + end.length)}`;
}
