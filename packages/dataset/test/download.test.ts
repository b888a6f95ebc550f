import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DownloadIntegrityError,
  UnsafeArchiveEntryError,
  parsePartsRange,
  archiveNamesForParts,
  type DownloadProgress,
} from '@nextevent/dataset';
import { DownloadInterruptedError, downloadV1Dataset, extractTarGz } from '@nextevent/dataset/node';
import { startFakeHub, type FakeFile, type FakeHub } from './helpers/fake-hub.js';
import { makeTarGz, type TarEntry } from './helpers/tar.js';

let work: string;
let hub: FakeHub | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-dl-'));
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  rmSync(work, { recursive: true, force: true });
});

/** Every file under a folder, relative, sorted (markers included). */
function tree(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() || d.isSymbolicLink())
    .map((d) => join(d.parentPath, d.name).slice(dir.length + 1))
    .sort();
}

const big = Buffer.from(Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251));

async function repoFiles(): Promise<FakeFile[]> {
  return [
    { path: 'README.md', content: Buffer.from('# V1-33K\n') },
    { path: 'next_event_prediction.json', content: Buffer.from('[{"video_path": "video_dataset/a/b.mp4"}]') },
    {
      path: 'video_data_part0.tar.gz',
      lfs: true,
      content: await makeTarGz([
        { name: 'video_dataset/', type: 'directory' },
        { name: 'video_dataset/a/b.mp4', content: 'full-0' },
        { name: 'video_dataset/a/big.bin', content: big },
      ]),
    },
    {
      path: 'first_segment_video_data_part0.tar.gz',
      lfs: true,
      content: await makeTarGz([{ name: 'first_part_video/a/b.mp4', content: 'first-0' }]),
    },
    {
      path: 'video_data_part1.tar.gz',
      lfs: true,
      content: await makeTarGz([{ name: 'video_dataset/c/d.mp4', content: 'full-1' }]),
    },
  ];
}

describe('parts', () => {
  it('parses --parts ranges', () => {
    expect(parsePartsRange('0-3')).toEqual([0, 1, 2, 3]);
    expect(parsePartsRange('5, 1-2,2')).toEqual([1, 2, 5]);
    expect(() => parsePartsRange('3-1')).toThrow('ends before it starts');
    expect(() => parsePartsRange('a')).toThrow(TypeError);
    expect(archiveNamesForParts([0, 1])).toEqual([
      'video_data_part0.tar.gz',
      'video_data_part1.tar.gz',
      'first_segment_video_data_part0.tar.gz',
      'first_segment_video_data_part1.tar.gz',
    ]);
  });
});

describe('downloadV1Dataset against a fake hub', () => {
  it('downloads, verifies and extracts the requested parts; a second run skips everything', async () => {
    hub = await startFakeHub(await repoFiles());
    const dest = join(work, 'V1-33K');
    const events: DownloadProgress[] = [];
    const report = await downloadV1Dataset({
      dest,
      parts: [0, 7],
      hubUrl: hub.url,
      onProgress: (p) => events.push(p),
    });
    expect(report.downloaded.sort()).toEqual(
      [
        'README.md',
        'first_segment_video_data_part0.tar.gz',
        'next_event_prediction.json',
        'video_data_part0.tar.gz',
      ].sort(),
    );
    expect(report.missing).toEqual(['video_data_part7.tar.gz', 'first_segment_video_data_part7.tar.gz']);
    expect(report.extracted).toEqual(['video_data_part0.tar.gz', 'first_segment_video_data_part0.tar.gz']);
    expect(readFileSync(join(dest, 'video_dataset/a/b.mp4'), 'utf8')).toBe('full-0');
    expect(readFileSync(join(dest, 'video_dataset/a/big.bin')).equals(big)).toBe(true);
    expect(readFileSync(join(dest, 'first_part_video/a/b.mp4'), 'utf8')).toBe('first-0');
    expect(existsSync(join(dest, 'video_dataset/c/d.mp4'))).toBe(false);
    expect(tree(dest).filter((p) => p.includes('.tmp') || p.endsWith('.incomplete'))).toEqual([]);
    expect(new Set(events.map((e) => e.phase))).toEqual(
      new Set(['list', 'skip', 'download', 'verify', 'extract', 'done']),
    );

    const before = hub.requests.length;
    const again = await downloadV1Dataset({ dest, parts: [0], hubUrl: hub.url });
    expect(again.downloaded).toEqual([]);
    expect(again.present.sort()).toEqual(['README.md', 'next_event_prediction.json']);
    expect(again.alreadyExtracted).toEqual([
      'video_data_part0.tar.gz',
      'first_segment_video_data_part0.tar.gz',
    ]);
    expect(hub.requests.slice(before).every((r) => r.url.startsWith('/api/'))).toBe(true);

    const more = await downloadV1Dataset({ dest, parts: [1], hubUrl: hub.url });
    expect(more.extracted).toEqual(['video_data_part1.tar.gz']);
    expect(readFileSync(join(dest, 'video_dataset/c/d.mp4'), 'utf8')).toBe('full-1');
    expect(readFileSync(join(dest, 'video_dataset/a/b.mp4'), 'utf8')).toBe('full-0');
  });

  it('re-downloads a local copy of the right size whose hash differs, and names the file it skips', async () => {
    const files = await repoFiles();
    hub = await startFakeHub(files);
    const dest = join(work, 'V1-33K');
    await downloadV1Dataset({ dest, parts: [], hubUrl: hub.url });
    // Damaged in place, size unchanged: a git-blob file and a sha256 (LFS) one.
    writeFileSync(join(dest, 'README.md'), '# V1-33X\n');
    const json = files.find((f) => f.path === 'next_event_prediction.json')!.content;
    writeFileSync(join(dest, 'next_event_prediction.json'), Buffer.alloc(json.length, 0x20));
    const events: DownloadProgress[] = [];
    const report = await downloadV1Dataset({
      dest,
      parts: [],
      hubUrl: hub.url,
      onProgress: (p) => events.push(p),
    });
    expect(report.downloaded.sort()).toEqual(['README.md', 'next_event_prediction.json']);
    expect(report.present).toEqual([]);
    expect(readFileSync(join(dest, 'README.md'), 'utf8')).toBe('# V1-33K\n');
    expect(readFileSync(join(dest, 'next_event_prediction.json')).equals(json)).toBe(true);
    expect(events.filter((e) => e.phase === 'skip').map((e) => e.message)).toEqual([
      "README.md: the local copy's git-sha1 differs from the hub's; downloading it again",
      "next_event_prediction.json: the local copy's git-sha1 differs from the hub's; downloading it again",
    ]);

    const lfs = await downloadV1Dataset({ dest, parts: [1], hubUrl: hub.url, extract: false });
    expect(lfs.downloaded).toEqual(['video_data_part1.tar.gz']);
    const part1 = join(dest, 'video_data_part1.tar.gz');
    writeFileSync(part1, Buffer.alloc(readFileSync(part1).length));
    const again: DownloadProgress[] = [];
    const fixed = await downloadV1Dataset({
      dest,
      parts: [1],
      hubUrl: hub.url,
      extract: false,
      onProgress: (p) => again.push(p),
    });
    expect(fixed.downloaded).toEqual(['video_data_part1.tar.gz']);
    expect(fixed.present.sort()).toEqual(['README.md', 'next_event_prediction.json']);
    expect(readFileSync(part1).equals(files.find((f) => f.path === 'video_data_part1.tar.gz')!.content)).toBe(
      true,
    );
    expect(again.filter((e) => e.phase === 'skip').map((e) => e.message)).toEqual([
      'Archive not found: first_segment_video_data_part1.tar.gz',
      'README.md: already downloaded (size and git-sha1 match)',
      'next_event_prediction.json: already downloaded (size and git-sha1 match)',
      "video_data_part1.tar.gz: the local copy's sha256 differs from the hub's; downloading it again",
    ]);
  });

  it('resumes an interrupted download with a Range request', async () => {
    const files = await repoFiles();
    hub = await startFakeHub(files, { interruptOnce: new Map([['video_data_part0.tar.gz', 1000]]) });
    const dest = join(work, 'V1-33K');
    await expect(downloadV1Dataset({ dest, parts: [0], hubUrl: hub.url })).rejects.toBeInstanceOf(
      DownloadInterruptedError,
    );
    const partial = join(dest, 'video_data_part0.tar.gz.incomplete');
    expect(readFileSync(partial).length).toBe(1000);
    const report = await downloadV1Dataset({ dest, parts: [0], hubUrl: hub.url });
    expect(report.downloaded).toContain('video_data_part0.tar.gz');
    expect(hub.requests.some((r) => r.range === 'bytes=1000-')).toBe(true);
    const archive = files.find((f) => f.path === 'video_data_part0.tar.gz')!.content;
    expect(readFileSync(join(dest, 'video_data_part0.tar.gz')).equals(archive)).toBe(true);
    expect(existsSync(partial)).toBe(false);
    expect(readFileSync(join(dest, 'video_dataset/a/big.bin')).equals(big)).toBe(true);
  });

  it('starts over when the server ignores the range', async () => {
    hub = await startFakeHub(await repoFiles(), { ignoreRange: true });
    const dest = join(work, 'V1-33K');
    writeFileSync(join(work, 'x'), '');
    // A stale partial file that must be replaced, not appended to.
    const { mkdirSync } = await import('node:fs');
    mkdirSync(dest, { recursive: true });
    writeFileSync(join(dest, 'README.md.incomplete'), 'garbage');
    const report = await downloadV1Dataset({ dest, parts: [], hubUrl: hub.url });
    expect(report.downloaded.sort()).toEqual(['README.md', 'next_event_prediction.json']);
    expect(readFileSync(join(dest, 'README.md'), 'utf8')).toBe('# V1-33K\n');
  });

  it('rejects a corrupted download and leaves nothing behind', async () => {
    hub = await startFakeHub(await repoFiles(), { corrupt: new Set(['video_data_part0.tar.gz']) });
    const dest = join(work, 'V1-33K');
    const err = await downloadV1Dataset({ dest, parts: [0], hubUrl: hub.url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DownloadIntegrityError);
    expect((err as Error).message).toMatch(
      /^video_data_part0\.tar\.gz: sha256 [0-9a-f]{64} differs from [0-9a-f]{64}/,
    );
    expect(existsSync(join(dest, 'video_data_part0.tar.gz'))).toBe(false);
    expect(existsSync(join(dest, 'video_data_part0.tar.gz.incomplete'))).toBe(false);
    expect(existsSync(join(dest, 'video_dataset'))).toBe(false);
  });

  it('detects a corrupted non-LFS file by its git blob hash', async () => {
    hub = await startFakeHub(await repoFiles(), { corrupt: new Set(['README.md']) });
    const err = await downloadV1Dataset({ dest: join(work, 'd'), parts: [], hubUrl: hub.url }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DownloadIntegrityError);
    expect((err as Error).message).toContain('git-sha1');
  });

  it('refuses a hostile archive from the hub and writes no marker', async () => {
    const files = await repoFiles();
    files[2] = {
      path: 'video_data_part0.tar.gz',
      lfs: true,
      content: await makeTarGz([
        { name: 'video_dataset/ok.mp4', content: 'ok' },
        { name: '../escape.txt', content: 'x' },
      ]),
    };
    hub = await startFakeHub(files);
    const dest = join(work, 'V1-33K');
    await expect(downloadV1Dataset({ dest, parts: [0], hubUrl: hub.url })).rejects.toBeInstanceOf(
      UnsafeArchiveEntryError,
    );
    expect(existsSync(join(work, 'escape.txt'))).toBe(false);
    expect(existsSync(join(dest, 'video_dataset'))).toBe(false);
    expect(existsSync(join(dest, '.extracted'))).toBe(false);
  });
});

describe('extractTarGz with hostile entries', () => {
  const cases: [string, TarEntry[], string][] = [
    ['parent traversal', [{ name: '../evil.txt', content: 'x' }], 'path traversal (..)'],
    ['nested traversal', [{ name: 'a/../../evil.txt', content: 'x' }], 'path traversal (..)'],
    ['absolute path', [{ name: '/tmp/evil.txt', content: 'x' }], 'absolute path'],
    [
      'symlink to an absolute path',
      [{ name: 'ln', type: 'symlink', linkname: '/etc' }],
      'symlink to absolute path /etc',
    ],
    [
      'symlink escaping',
      [{ name: 'a/ln', type: 'symlink', linkname: '../../outside' }],
      'symlink escapes the target (../../outside)',
    ],
    ['hard link escaping', [{ name: 'hl', type: 'link', linkname: '../outside' }], 'path traversal (..)'],
    [
      'write through an inner symlink',
      [
        { name: 'sub/', type: 'directory' },
        { name: 'sub/ln', type: 'symlink', linkname: '..' },
        { name: 'sub/ln/x.txt', content: 'x' },
      ],
      '',
    ],
    ['device entry', [{ name: 'dev', type: 'character-device' }], 'unsupported entry type character-device'],
  ];

  it.each(cases)('rejects %s atomically', async (_name, entries, reason) => {
    const archive = join(work, 'hostile.tar.gz');
    writeFileSync(archive, await makeTarGz([{ name: 'good/first.txt', content: 'fine' }, ...entries]));
    const dest = join(work, 'out');
    const err = await extractTarGz(archive, dest).catch((e: unknown) => e);
    if (reason === '') {
      // sub/ln -> .. stays inside; writing sub/ln/x.txt lands in the root: allowed, still inside.
      expect(err).toEqual({ files: 2, topLevel: ['good', 'sub', 'x.txt'].sort() });
      expect(readFileSync(join(dest, 'x.txt'), 'utf8')).toBe('x');
      return;
    }
    expect(err).toBeInstanceOf(UnsafeArchiveEntryError);
    expect((err as Error).message).toContain(reason);
    expect(readdirSync(dest)).toEqual([]);
    expect(readdirSync(work).sort()).toEqual(['hostile.tar.gz', 'out']);
  });

  it('keeps safe links inside the target', async () => {
    const archive = join(work, 'links.tar.gz');
    writeFileSync(
      archive,
      await makeTarGz([
        { name: 'data/a.txt', content: 'A' },
        { name: 'data/alias.txt', type: 'symlink', linkname: 'a.txt' },
        { name: 'data/hard.txt', type: 'link', linkname: 'data/a.txt' },
      ]),
    );
    const dest = join(work, 'out');
    await extractTarGz(archive, dest);
    expect(readFileSync(join(dest, 'data/alias.txt'), 'utf8')).toBe('A');
    expect(readFileSync(join(dest, 'data/hard.txt'), 'utf8')).toBe('A');
  });

  it('fails cleanly on a truncated archive', async () => {
    const archive = join(work, 'cut.tar.gz');
    const full = await makeTarGz([{ name: 'a.bin', content: big }]);
    writeFileSync(archive, full.subarray(0, full.length >> 1));
    const dest = join(work, 'out');
    await expect(extractTarGz(archive, dest)).rejects.toThrow();
    expect(readdirSync(dest)).toEqual([]);
  });

  it('hashes like the hub (sanity of the fixture server)', () => {
    expect(createHash('sha1').update('blob 0\0').digest('hex')).toBe(
      'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391',
    );
  });
});
