import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UnsafeArchiveEntryError } from '@nextevent/dataset';
import { extractTarGz } from '@nextevent/dataset/node';
import { makeTarGz, type TarEntry } from './helpers/tar.js';

let work: string;
beforeEach(() => {
  work = realpathSync(mkdtempSync(join(tmpdir(), 'nextevent-tar-')));
});
afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

async function writeArchive(entries: TarEntry[]): Promise<string> {
  const archive = join(work, 'evil.tar.gz');
  writeFileSync(archive, await makeTarGz(entries));
  return archive;
}

describe('extractTarGz: links judged where they really land', () => {
  const chains: [string, TarEntry[], string][] = [
    [
      'a link created through a link (d/l -> .., d/l/m -> ..)',
      [
        { name: 'd/', type: 'directory' },
        { name: 'd/l', type: 'symlink', linkname: '..' },
        { name: 'd/l/m', type: 'symlink', linkname: '..' },
      ],
      'symlink escapes the target (..)',
    ],
    [
      'a deeper chain (a/b/l -> ../.., a/b/l/m -> ../x)',
      [
        { name: 'a/b/', type: 'directory' },
        { name: 'a/b/l', type: 'symlink', linkname: '../..' },
        { name: 'a/b/l/m', type: 'symlink', linkname: '../x' },
      ],
      'symlink escapes the target (../x)',
    ],
    [
      'a chain of two links (d/l -> .., d/l/d/l/m -> ..)',
      [
        { name: 'd/', type: 'directory' },
        { name: 'd/l', type: 'symlink', linkname: '..' },
        { name: 'd/l/d/l/m', type: 'symlink', linkname: '..' },
      ],
      'symlink escapes the target (..)',
    ],
    [
      '.. through a link in the target (a/s -> .., c -> a/s/..)',
      [
        { name: 'a/', type: 'directory' },
        { name: 'a/s', type: 'symlink', linkname: '..' },
        { name: 'c', type: 'symlink', linkname: 'a/s/..' },
      ],
      'symlink target has .. after a named component (a/s/..)',
    ],
    [
      '.. through a link created later (c -> y/.., then y -> a/s)',
      [
        { name: 'c', type: 'symlink', linkname: 'y/../..' },
        { name: 'a/', type: 'directory' },
        { name: 'a/s', type: 'symlink', linkname: '..' },
        { name: 'y', type: 'symlink', linkname: 'a/s' },
      ],
      'symlink target has .. after a named component (y/../..)',
    ],
    [
      'a hard link to a symlink (a/s -> .., t => a/s)',
      [
        { name: 'a/', type: 'directory' },
        { name: 'a/s', type: 'symlink', linkname: '..' },
        { name: 't', type: 'link', linkname: 'a/s' },
      ],
      'hard link to a symbolic link (a/s)',
    ],
    [
      'a hard link whose path passes through a link to a symlink',
      [
        { name: 'a/', type: 'directory' },
        { name: 'a/s', type: 'symlink', linkname: '..' },
        { name: 'd/', type: 'directory' },
        { name: 'd/l', type: 'symlink', linkname: '../a' },
        { name: 't', type: 'link', linkname: 'd/l/s' },
      ],
      'hard link to a symbolic link (d/l/s)',
    ],
  ];

  it.each(chains)('refuses %s and leaves dest as it was', async (_name, entries, reason) => {
    const base = join(work, 'base');
    const dest = join(base, 'dest');
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, 'kept.txt'), 'mine');
    const archive = await writeArchive([{ name: 'good.txt', content: 'fine' }, ...entries]);
    const err = await extractTarGz(archive, dest).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((err as Error).message).toContain(reason);
    expect(readdirSync(dest)).toEqual(['kept.txt']);
    expect(readdirSync(base)).toEqual(['dest']);
  });

  it('keeps links and writes that stay inside, judged from their real folder', async () => {
    const dest = join(work, 'out');
    const archive = await writeArchive([
      { name: 'z/w.txt', content: 'W' },
      { name: 'x/y', type: 'symlink', linkname: '../z/w.txt' },
      { name: 'd/', type: 'directory' },
      { name: 'd/l', type: 'symlink', linkname: '..' },
      // Lands in the root: `z` is a sibling there, so this link stays inside.
      { name: 'd/l/m', type: 'symlink', linkname: 'z' },
      // A hard link through a link to a regular file inside.
      { name: 'h.txt', type: 'link', linkname: 'd/l/z/w.txt' },
      { name: 'e', type: 'symlink', linkname: './z/./w.txt' },
    ]);
    const result = await extractTarGz(archive, dest);
    expect(result.topLevel.sort()).toEqual(['d', 'e', 'h.txt', 'm', 'x', 'z']);
    expect(readFileSync(join(dest, 'x/y'), 'utf8')).toBe('W');
    expect(readFileSync(join(dest, 'm/w.txt'), 'utf8')).toBe('W');
    expect(readFileSync(join(dest, 'h.txt'), 'utf8')).toBe('W');
    expect(readFileSync(join(dest, 'e'), 'utf8')).toBe('W');
    expect(lstatSync(join(dest, 'h.txt')).isSymbolicLink()).toBe(false);
    expect(realpathSync(join(dest, 'd/l'))).toBe(dest);
  });
});

describe('extractTarGz: abort', () => {
  it('rejects with signal.reason when the signal is already aborted', async () => {
    const archive = await writeArchive([{ name: 'a.txt', content: 'a' }]);
    const reason = new Error('stop now');
    const err = await extractTarGz(archive, join(work, 'out'), { signal: AbortSignal.abort(reason) }).catch(
      (e: unknown) => e,
    );
    expect(err).toBe(reason);
    expect(existsSync(join(work, 'out', 'a.txt'))).toBe(false);
  });

  it('rejects with signal.reason when aborted mid-way, leaving dest as it was', async () => {
    const entries: TarEntry[] = Array.from({ length: 50 }, (_, i) => ({
      name: `f${i}.bin`,
      content: Buffer.alloc(64 * 1024, i),
    }));
    const archive = await writeArchive(entries);
    const dest = join(work, 'out');
    const controller = new AbortController();
    const reason = { why: 'user pressed Ctrl-C' };
    const err = await extractTarGz(archive, dest, {
      signal: controller.signal,
      onProgress: () => controller.abort(reason),
    }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(readdirSync(dest)).toEqual([]);
  });
});
