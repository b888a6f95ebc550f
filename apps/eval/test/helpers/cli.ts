import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main, type CommandSpec } from '@nextevent/eval';
import { COMMANDS } from '../../src/commands/index.js';
export { commandsWithFakeFrames, fakePreparer } from './fake-frames.js';

/** A parsed JSON value (JSON.parse's own type); tests read into it freely. */
export type Json = ReturnType<typeof JSON.parse>;

export const FIXTURE = join(import.meta.dirname, '../fixtures/mini-futurebench');
export const FB_DATA = join(FIXTURE, 'futurebench.json');
export const FB_ROOT = join(FIXTURE, 'first_part_video');
export const SB_DATA = join(FIXTURE, 'seedbench_r1_l2.json');
export const SB_ROOT = join(FIXTURE, 'seedbench');

export interface FbDoc {
  id: string;
  question_type: string;
  video_path: string;
  qa: { Question: string; Options: Record<string, string>; Answer: string };
}
export const FB_DOCS: FbDoc[] = JSON.parse(readFileSync(FB_DATA, 'utf8'));

export const tmp = (): string => mkdtempSync(join(tmpdir(), 'nextevent-eval-'));

/**
 * `nextevent eval` arguments for the mini FutureBench fixture (or a {@link fixtureCopy} of it) writing to `out`;
 * the backend's flags follow.
 */
export const futurebenchEvalArgs = (out: string, fixture = FIXTURE): string[] => [
  'eval',
  '--task',
  'futurebench',
  '--data',
  join(fixture, 'futurebench.json'),
  '--video-root',
  join(fixture, 'first_part_video'),
  '--out',
  out,
];

/** A copy of the fixture folder that a test may damage. */
export function fixtureCopy(): string {
  const dir = tmp();
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with captured output. */
export async function runCli(
  argv: string[],
  opts: {
    env?: Record<string, string>;
    commands?: readonly CommandSpec[];
    signal?: AbortSignal;
    isTTY?: boolean;
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    {
      stdout: (s) => (stdout += s),
      stderr: (s) => (stderr += s),
      isTTY: opts.isTTY ?? false,
      env: opts.env ?? {},
      signal: opts.signal ?? new AbortController().signal,
    },
    opts.commands ?? COMMANDS,
  );
  return { code, stdout, stderr };
}

/** The prompt lmms-eval builds for a FutureBench doc (interop.md §3.1), assembled independently of our code. */
export function expectedPrompt(doc: FbDoc): string {
  const o = doc.qa.Options;
  return `\n${doc.qa.Question}\nA. ${o.A}\nB. ${o.B}\nC. ${o.C}\nD. ${o.D}\n\nAnswer with the option's letter from the given choices directly.`;
}

/** The text part of a recorded chat request. */
export function promptOf(body: Json): string {
  const content = body.messages.at(-1).content;
  return content.find((p: Json) => p.type === 'text').text;
}

/** The doc a request is about (by its question text). */
export function docOf(body: Json): FbDoc {
  const text = promptOf(body);
  const doc = FB_DOCS.find((d) => text.includes(`\n${d.qa.Question}\n`));
  if (!doc) {
    throw new Error(`no doc for prompt ${JSON.stringify(text)}`);
  }
  return doc;
}

/** Reads a JSONL file. */
export function readJsonl(path: string): Json[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}
