import { createReadStream } from 'node:fs';
import { link, lstat, mkdir, open, readdir, realpath, rename, rm, symlink } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, posix, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { UnsafeArchiveEntryError, type DownloadProgress } from '../download/errors.js';

/** Options of {@link extractTarGz}. */
export interface ExtractTarGzOptions {
  onProgress?: (p: DownloadProgress) => void;
  /**
   * Stops the extraction: the promise rejects with `signal.reason` itself (whether the signal was aborted
   * before the call or during it), the temporary folder is removed and `dest` is left as it was.
   */
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

/**
 * Checks a symlink target's shape: relative, and `..` only as leading components. A `..` after a named
 * component (`a/..`) would be resolved by the kernel through `a`, which may itself be a link, so the
 * lexical check below could not vouch for it.
 */
function checkLinkTargetShape(archive: string, entry: string, linkTarget: string): void {
  if (linkTarget.includes('\0')) {
    throw new UnsafeArchiveEntryError(archive, entry, 'NUL byte in link target');
  }
  if (isAbsolute(linkTarget) || linkTarget.startsWith('/') || /^[A-Za-z]:/.test(linkTarget)) {
    throw new UnsafeArchiveEntryError(archive, entry, `symlink to absolute path ${linkTarget}`);
  }
  let named = false;
  for (const part of linkTarget.replace(/\\/g, '/').split('/')) {
    if (part === '..') {
      if (named) {
        throw new UnsafeArchiveEntryError(
          archive,
          entry,
          `symlink target has .. after a named component (${linkTarget})`,
        );
      }
    } else if (part !== '' && part !== '.') {
      named = true;
    }
  }
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
 *
 * Links are judged where they really land: a symlink's target is resolved from the real location of its
 * folder (through links extracted earlier), may use `..` only as leading components, and every link must
 * still resolve inside the folder once the archive is read; a hard link may not point at a symlink. Writing
 * through a link that stays inside the folder is allowed. An abort rejects with `signal.reason`.
 */
export async function extractTarGz(
  archivePath: string,
  dest: string,
  options: ExtractTarGzOptions = {},
): Promise<ExtractResult> {
  options.signal?.throwIfAborted();
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
    // Invariant kept for every symlink created below: the kernel resolves it to a place inside `root` (or
    // nowhere, when dangling). Its target is `..`s applied to its *real* parent folder, checked to stay inside,
    // followed by names, each of which is a real entry inside or a link obeying the same invariant.
    const links: string[] = [];
    const iterate = async (): Promise<void> => {
      for await (const entry of extractor) {
        const { header } = entry;
        const name = safeEntryName(archive, header.name);
        const target = join(root, name);
        if (name === '') {
          entry.resume();
          continue;
        }
        // The parent must resolve (through links already extracted) to a folder inside the root; links are
        // judged from that real folder, not from the path as written.
        const parent = dirname(target);
        await mkdir(parent, { recursive: true });
        const realParent = await realpath(parent);
        if (!inside(root, realParent)) {
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
            const linkTarget = header.linkname ?? '';
            checkLinkTargetShape(archive, header.name, linkTarget);
            if (!inside(root, resolve(realParent, linkTarget))) {
              throw new UnsafeArchiveEntryError(
                archive,
                header.name,
                `symlink escapes the target (${linkTarget})`,
              );
            }
            const at = join(realParent, basename(target));
            await symlink(linkTarget, at);
            links.push(at);
            entry.resume();
            break;
          }
          case 'link': {
            const linkName = safeEntryName(archive, header.linkname ?? '');
            const from = join(root, linkName);
            const fromStat = await lstat(from).catch(() => null);
            // link(2) does not follow a final symlink: the new name would be a copy of the link, re-read
            // from another folder.
            if (fromStat?.isSymbolicLink() === true) {
              throw new UnsafeArchiveEntryError(
                archive,
                header.name,
                `hard link to a symbolic link (${header.linkname})`,
              );
            }
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
      // Belt and braces: every link created must still resolve inside the root (or not at all).
      for (const at of links) {
        const real = await realpath(at).catch(() => null);
        if (real !== null && !inside(root, real)) {
          throw new UnsafeArchiveEntryError(
            archive,
            relative(root, at),
            'symlink resolves outside the target',
          );
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
      // An abort surfaces from the streams as a generic AbortError (reason only as its cause): rethrow the reason.
      options.signal?.throwIfAborted();
      throw iterError ?? e;
    }
    await iterating;
    if (iterError !== undefined) {
      options.signal?.throwIfAborted();
      throw iterError;
    }
    const topLevel = await readdir(root);
    await mergeInto(root, dest);
    return { files, topLevel };
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}
