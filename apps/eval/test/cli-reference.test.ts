import { describe, expect, it } from 'vitest';
import {
  CLI_REFERENCE_MARKERS,
  COMMANDS,
  renderCliReference,
  spliceCliReference,
  type CommandSpec,
} from '@nextevent/eval';
import { runCli } from './helpers/cli.js';

const { start, end } = CLI_REFERENCE_MARKERS;

describe('CLI reference generated from the command table', () => {
  const md = renderCliReference(COMMANDS);

  it('documents every command, argument, flag, choice and default, and the exit codes', () => {
    expect(md).toContain('| 0 | success |');
    expect(md).toContain('| 2 | usage error');
    for (const c of COMMANDS) {
      expect(md).toContain(`### nextevent ${c.name}\n`);
      for (const a of c.arguments ?? []) {
        expect(md).toContain(`| \`${a.required === false ? `[${a.name}` : `<${a.name}`}`);
      }
      for (const o of c.options) {
        expect(md).toContain(`| \`${o.flags.replace(/\|/g, '\\|')}\` |`);
        for (const choice of o.choices ?? []) {
          expect(md).toContain(`\`${choice}\``);
        }
      }
    }
    expect(md).toMatch(
      /\| `--concurrency <n>` \| Requests in flight at once \(local: always 1\)\. \| `8` \|/,
    );
  });

  it('renders a small table exactly', () => {
    const spec: CommandSpec = {
      name: 'demo',
      summary: 'Does a | thing.',
      description: 'Reads `*_x_<t>.jsonl` into *_x_<t>.json.',
      arguments: [{ name: 'file', description: 'Input <file>.' }],
      options: [
        { flags: '--mode <m>', description: 'Mode.', choices: ['a', 'b'], default: 'a', required: true },
      ],
      run: () => Promise.resolve(0),
    };
    const out = renderCliReference([spec]);
    expect(out).toContain(
      [
        '| [`demo`](#nextevent-demo) | Does a \\| thing. |',
        '',
        '### nextevent demo',
        '',
        '```',
        'nextevent demo <file> --mode <m> [options]',
        '```',
        '',
        'Reads `*_x_<t>.jsonl` into \\*\\_x\\_&lt;t&gt;.json.',
        '',
        '| argument | description |',
        '|---|---|',
        '| `<file>` | Input &lt;file&gt;. |',
        '',
        '| flag | description | default |',
        '|---|---|---|',
        '| `--mode <m>` | Mode. One of: `a`, `b`. **Required.** | `a` |',
        '',
      ].join('\n'),
    );
  });

  it('escapes emphasis markers and backslashes in prose, not in code spans', () => {
    const spec: CommandSpec = {
      name: 'md',
      summary: 'Runs __main__ order.',
      description: 'The reference __main__ order, `__main__` kept, a\\b and 2*3*4.',
      options: [{ flags: '--x', description: 'Seed of __init__.' }],
      run: () => Promise.resolve(0),
    };
    const out = renderCliReference([spec]);
    expect(out).toContain('| [`md`](#nextevent-md) | Runs \\_\\_main\\_\\_ order. |');
    expect(out).toContain('The reference \\_\\_main\\_\\_ order, `__main__` kept, a\\\\b and 2\\*3\\*4.');
    expect(out).toContain('| `--x` | Seed of \\_\\_init\\_\\_. |  |');
    // The real table: datagen's description names the reference's __main__.
    expect(renderCliReference(COMMANDS)).not.toMatch(/[^\\`]__main__/);
  });

  it('writes paths under the repository root relative to it', () => {
    const spec: CommandSpec = {
      name: 'p',
      summary: 'S.',
      options: [{ flags: '--model <dir>', description: 'Model.', default: '/somewhere/repo/apps/demo/m' }],
      run: () => Promise.resolve(0),
    };
    expect(renderCliReference([spec], { root: '/somewhere/repo/' })).toContain(
      '| `--model <dir>` | Model. | `apps/demo/m` |',
    );
  });

  it('replaces only the text between the markers, and appends the markers when absent', () => {
    const before = '# Title\n\nIntro.\n';
    const once = spliceCliReference(before, 'REF\n');
    expect(once).toBe(`# Title\n\nIntro.\n\n${start}\nREF\n${end}\n`);
    const edited = once.replace('Intro.', 'Intro, edited.') + '\n## After\n';
    const twice = spliceCliReference(edited, 'NEW\n');
    expect(twice).toBe(`# Title\n\nIntro, edited.\n\n${start}\nNEW\n${end}\n\n## After\n`);
    expect(spliceCliReference(twice, 'NEW\n')).toBe(twice);
    expect(spliceCliReference('', 'X')).toBe(`${start}\nX\n${end}\n`);
  });
});

describe('exit codes and --help', () => {
  it('--help exits 0 for the program and every command', async () => {
    expect((await runCli(['--help'])).code).toBe(0);
    for (const c of COMMANDS) {
      const r = await runCli([c.name, '--help']);
      expect(r.code, c.name).toBe(0);
      expect(r.stdout).toContain(`Usage: nextevent ${c.name}`);
    }
  });

  it('unknown commands, unknown flags, missing and invalid values exit 2', async () => {
    expect((await runCli(['nope'])).code).toBe(2);
    expect((await runCli(['score', 'x.jsonl', '--nope'])).code).toBe(2);
    expect((await runCli(['eval', '--data', 'x'])).code).toBe(2);
    const bad = await runCli([
      'eval',
      '--task',
      'futurebench',
      '--data',
      'd',
      '--video-root',
      'v',
      '--out',
      'o',
      '--concurrency',
      '0',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--concurrency must be an integer ≥ 1, got "0"');
    const task = await runCli([
      'eval',
      '--task',
      'mvbench',
      '--data',
      'd',
      '--video-root',
      'v',
      '--out',
      'o',
    ]);
    expect(task.code).toBe(2);
    expect(task.stderr).toContain(
      'Allowed choices are futurebench, seedbench-r1-l1, seedbench-r1-l2, seedbench-r1-l3',
    );
  });
});
