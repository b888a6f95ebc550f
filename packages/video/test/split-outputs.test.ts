// split's output files: no file handle outlives a failed or aborted split, paths are checked before any work, and a
// failure never touches the files already at the output paths.
import { mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CustomSource } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { OutputError, split, VideoError, type SplitOptions } from '@nextevent/video';
import { commitOutputs, createOutput } from '../src/output-file.js';
import { clip, GENERATED } from './clips.js';

let counter = 0;
const outDir = (): string => {
  const d = join(GENERATED, 'split-outputs', `${process.pid}-${counter++}`);
  mkdirSync(d, { recursive: true });
  return d;
};

/** This process's open file descriptors that point at a `.partial` file in `dir` (deleted or not). */
function openPartials(dir: string): string[] {
  const open: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target.startsWith(dir) && target.includes('.partial')) {
        open.push(target);
      }
    } catch {
      // closed meanwhile (the fd of readdir itself)
    }
  }
  return open;
}

/** Resolves once a `.partial` file shows up in `dir`. */
async function partialAppears(dir: string): Promise<void> {
  while (!readdirSync(dir).some((f) => f.endsWith('.partial'))) {
    await new Promise((r) => setTimeout(r, 1));
  }
}

/** The h264 clip, whose reads fail past `fraction` of the file (its index, at the front, still reads). */
async function failingClip(fraction: number): Promise<CustomSource> {
  const bytes = readFileSync(await clip('h264'));
  const limit = Math.floor(bytes.length * fraction);
  return new CustomSource({
    getSize: () => bytes.length,
    read: (start, end) => {
      if (end > limit) {
        throw new Error('read failed');
      }
      return bytes.subarray(start, end);
    },
  });
}

/** The h264 clip cut short (its index, at the front, promises packets the file no longer holds). */
async function truncatedClip(fraction: number): Promise<Uint8Array> {
  const bytes = readFileSync(await clip('h264'));
  return bytes.subarray(0, Math.floor(bytes.length * fraction));
}

describe.skipIf(process.platform !== 'linux')(
  'a failed split closes its .partial files before deleting them',
  () => {
    it('aborted while writing: no descriptor left on a .partial', async () => {
      const dir = outDir();
      const controller = new AbortController();
      const output = { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') };
      const running = split(await clip('longgop'), 6, { signal: controller.signal, mode: 'exact', output });
      await partialAppears(dir);
      controller.abort(new Error('stop'));
      expect(String(await running.catch((e: unknown) => e))).toBe('Error: stop');
      expect(openPartials(dir)).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    });

    it('failed while reading the source: no descriptor left on a .partial', async () => {
      const dir = outDir();
      const output = { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') };
      const err = await split(await failingClip(0.3), 4, { output }).catch((e: unknown) => e);
      expect(String(err)).toMatch(/read failed/);
      expect(openPartials(dir)).toEqual([]);
      expect(readdirSync(dir)).toEqual([]);
    });
  },
);

describe('split checks its output paths before any work', () => {
  const attempt = async (output: NonNullable<SplitOptions['output']>, source?: string) =>
    split(source ?? (await clip('h264')), 3, { output }).catch((e: unknown) => e);

  it('a folder as output -> OutputError EISDIR, the previous past file untouched', async () => {
    const dir = outDir();
    mkdirSync(join(dir, 'isdir'));
    writeFileSync(join(dir, 'p.mp4'), 'previous past');
    const err = await attempt({ past: join(dir, 'p.mp4'), future: join(dir, 'isdir') });
    expect(err).toBeInstanceOf(OutputError);
    expect(err).toMatchObject({ code: 'EISDIR', path: join(dir, 'isdir') });
    expect(String(err)).toBe(`OutputError: \`options.output.future\` is a folder: ${join(dir, 'isdir')}`);
    expect(readFileSync(join(dir, 'p.mp4'), 'utf8')).toBe('previous past');
    expect(readdirSync(dir).sort()).toEqual(['isdir', 'p.mp4']);
  });

  it('a file where a folder should be -> OutputError ENOTDIR', async () => {
    const dir = outDir();
    writeFileSync(join(dir, 'file'), '');
    const err = await attempt({ past: join(dir, 'p.mp4'), future: join(dir, 'file', 'sub', 'f.mp4') });
    expect(err).toBeInstanceOf(OutputError);
    expect(err).toMatchObject({ code: 'ENOTDIR' });
    expect(readdirSync(dir)).toEqual(['file']);
  });

  it('the same file twice after normalisation, or the source itself -> TypeError', async () => {
    const dir = relative(process.cwd(), outDir());
    const err = await attempt({ past: join(dir, 'a.mp4'), future: `./${dir}/sub/../a.mp4` });
    expect(err).toBeInstanceOf(TypeError);
    expect(String(err)).toMatch(/must be two different files/);
    const src = await clip('h264');
    const same = await attempt({ past: src, future: join(dir, 'f.mp4') }, src);
    expect(same).toBeInstanceOf(TypeError);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('a failed split leaves the files already at the output paths as they were', () => {
  it('a damaged source: both previous files intact, nothing else left', async () => {
    const dir = outDir();
    const output = { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') };
    writeFileSync(output.past, 'previous past');
    writeFileSync(output.future, 'previous future');
    for (const fraction of [0.3, 0.8]) {
      const err = await split(await truncatedClip(fraction), 4, { output }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(VideoError);
      expect(readFileSync(output.past, 'utf8')).toBe('previous past');
      expect(readFileSync(output.future, 'utf8')).toBe('previous future');
      expect(readdirSync(dir).sort()).toEqual(['f.mp4', 'p.mp4']);
    }
  });

  it('a successful split replaces them and leaves no backup', async () => {
    const dir = outDir();
    const output = { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') };
    writeFileSync(output.past, 'previous past');
    writeFileSync(output.future, 'previous future');
    const r = await split(await clip('h264'), 3, { output });
    expect(r.past.frames + r.future.frames).toBe(180);
    expect(readFileSync(output.past).length).toBeGreaterThan(1000);
    expect(readdirSync(dir).sort()).toEqual(['f.mp4', 'p.mp4']);
  });

  it('commitOutputs: when the second rename fails, the first is undone and both previous files restored', async () => {
    const dir = outDir();
    const paths = [join(dir, 'p.mp4'), join(dir, 'f.mp4')];
    writeFileSync(paths[0]!, 'previous past');
    writeFileSync(paths[1]!, 'previous future');
    const outputs = [await createOutput(paths[0]!), await createOutput(paths[1]!)];
    writeFileSync(outputs[0]!.written().path!, 'new past');
    // The future's .partial was never written: its rename fails with ENOENT.
    const err = await commitOutputs(outputs).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OutputError);
    expect(err).toMatchObject({ code: 'ENOENT', path: paths[1] });
    expect(readFileSync(paths[0]!, 'utf8')).toBe('previous past');
    expect(readFileSync(paths[1]!, 'utf8')).toBe('previous future');
    expect(readdirSync(dir).sort()).toEqual(['f.mp4', 'p.mp4']);
  });
});
