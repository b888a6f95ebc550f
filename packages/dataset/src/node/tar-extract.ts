import { createReadStream } from 'node:fs';
import { link, lstat, mkdir, open, readdir, realpath, rename, rm, symlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { UnsafeArchiveEntryError, type DownloadProgress } from '../download/errors.js';

/** Options of {@link extractTarGz}. */
export interface ExtractTarGzOptions {
  onProgress?: (p: DownloadProgress) => void;
  signal?: AbortSignal;
}

/** What an extraction wrote. */
export interface ExtractResult {
  /** Regular files written. */
  files: number;
  /** Top-level names moved into the destination. */
  topLevel: string[];
}

/** Normalizes an entry name and rejects absolute paths and `..` components. */
function safeEntryName(archive: string, name: string): string {
  if (name.includes('\0')) {
    throw new UnsafeArchiveEntryError(archive, name, 'NUL byte in name');
  }
  const slashed = name.replace(/\\/g, '/');
  if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
    throw new UnsafeArchiveEntryError(archive, name, 'absolute path');
  }
  if (slashed.split('/').includes('..')) {
    throw new UnsafeArchiveEntryError(archive, name, 'path traversal (..)');
  }
  const normalized = posix.normalize(slashed).replace(/\/+$/, '');
  return normalized === '.' ? '' : normalized.replace(/^\.\//, '');
}

function inside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Moves the tree `src` into `dst`: new names are renamed in whole, existing folders are merged, existing files
 * are replaced (like `tarfile.extractall` overwriting).
 */
async function mergeInto(src: string, dst: string): Promise<void> {
  await mkdir(dst, { recursive: true });
  for (const name of await readdir(src)) {
    const from = join(src, name);
    const to = join(dst, name);
    const [fromStat, toStat] = await Promise.all([lstat(from), lstat(to).catch(() => null)]);
    if (toStat === null) {
      await rename(from, to);
    } else if (fromStat.isDirectory() && toStat.isDirectory()) {
      await mergeInto(from, to);
    } else {
      await rm(to, { recursive: true, force: true });
      await rename(from, to);
    }
  }
}

/**
 * Extracts a `.tar.gz` into `dest` safely and atomically: entries stream (gunzip → tar-stream) into a temporary
 * folder inside `dest`, which is merged into `dest` only when the whole archive was read. Rejects absolute
 * paths, `..` components, symlinks and hard links that point outside the folder, writes through links, and
 * device/fifo entries, with {@link UnsafeArchiveEntryError}; on any error the temporary folder is removed
 * and `dest` is left as it was.
 */
export async function extractTarGz(
  archivePath: string,
  dest: string,
  options: ExtractTarGzOptions = {},
): Promise<ExtractResult> {
  const archive = archivePath.split(/[\\/]/).pop() ?? archivePath;
  await mkdir(dest, { recursive: true });
  const tmp = join(dest, `.tmp-extract-${archive}-${process.pid}-${Date.now()}`);
  await mkdir(tmp);
  const root = await realpath(tmp);
  let files = 0;
  let bytes = 0;
  try {
    const extractor = tarExtract();
    const feeding = pipeline(createReadStream(archivePath), createGunzip(), extractor, {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const iterate = async (): Promise<void> => {
      for await (const entry of extractor) {
        const { header } = entry;
        const name = safeEntryName(archive, header.name);
        const target = join(root, name);
        if (name === '') {
          entry.resume();
          continue;
        }
        // The parent must resolve (through links already extracted) to a folder inside the root.
        const parent = dirname(target);
        await mkdir(parent, { recursive: true });
        if (!inside(root, await realpath(parent))) {
          throw new UnsafeArchiveEntryError(archive, header.name, 'writes through a link outside the target');
        }
        if ((await lstat(target).catch(() => null))?.isSymbolicLink()) {
          throw new UnsafeArchiveEntryError(archive, header.name, 'overwrites a symbolic link');
        }
        switch (header.type) {
          case 'directory':
            await mkdir(target, { recursive: true });
            entry.resume();
            break;
          case 'file':
          case 'contiguous-file': {
            const fh = await open(target, 'w', (header.mode ?? 0o644) & 0o777);
            try {
              for await (const chunk of entry) {
                const buf = chunk as Uint8Array;
                await fh.write(buf);
                bytes += buf.length;
              }
            } finally {
              await fh.close();
            }
            files++;
            options.onProgress?.({ phase: 'extract', file: archive, bytes, message: name });
            break;
          }
          case 'symlink': {
            const linkTarget = header.linkname;
            if (isAbsolute(linkTarget) || /^[A-Za-z]:/.test(linkTarget)) {
              throw new UnsafeArchiveEntryError(
                archive,
                header.name,
                `symlink to absolute path ${linkTarget}`,
              );
            }
            if (!inside(root, resolve(parent, linkTarget))) {
              throw new UnsafeArchiveEntryError(
                archive,
                header.name,
                `symlink escapes the target (${linkTarget})`,
              );
            }
            await symlink(linkTarget, target);
            entry.resume();
            break;
          }
          case 'link': {
            const linkName = safeEntryName(archive, header.linkname);
            const from = join(root, linkName);
            if (!inside(root, from) || !inside(root, await realpath(from).catch(() => from))) {
              throw new UnsafeArchiveEntryError(
                archive,
                header.name,
                `hard link escapes the target (${header.linkname})`,
              );
            }
            await link(from, target);
            entry.resume();
            break;
          }
          default:
            throw new UnsafeArchiveEntryError(archive, header.name, `unsupported entry type ${header.type}`);
        }
      }
    };
    // If iteration fails, stop feeding and report the iteration's error (not the pipeline's echo of it).
    let iterError: Error | undefined;
    const iterating = iterate().catch((e: unknown) => {
      iterError = e instanceof Error ? e : new Error(String(e));
      extractor.destroy(iterError);
    });
    try {
      await feeding;
    } catch (e) {
      await iterating;
      throw iterError ?? e;
    }
    await iterating;
    if (iterError !== undefined) {
      throw iterError;
    }
    const topLevel = await readdir(root);
    await mergeInto(root, dest);
    return { files, topLevel };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
