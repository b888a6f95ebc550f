import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileDownloadInfo, type ListFileEntry, type RepoDesignation } from '@huggingface/hub';
import { DownloadIntegrityError, type DownloadProgress } from '../download/errors.js';

/** Where and how to reach the hub. */
export interface HubAccess {
  repo: RepoDesignation;
  /** Default: `main`. */
  revision?: string;
  /** Default: `https://huggingface.co`. */
  hubUrl?: string;
  accessToken?: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
  onProgress?: (p: DownloadProgress) => void;
}

/** A download that stopped early; the partial file is kept and the next call resumes from it. */
export class DownloadInterruptedError extends Error {
  override name = 'DownloadInterruptedError';
  constructor(
    readonly path: string,
    readonly bytes: number,
    readonly totalBytes: number,
    options?: { cause?: unknown },
  ) {
    super(`${path}: download stopped at ${bytes} of ${totalBytes} bytes; run again to resume`, options);
  }
}

/** The hash the hub reports for a file: sha256 of the content for LFS files, the git blob sha1 otherwise. */
function expectedHash(entry: ListFileEntry): { algorithm: 'sha256' | 'git-sha1'; hex: string } | null {
  if (entry.lfs?.oid !== undefined) {
    return { algorithm: 'sha256', hex: entry.lfs.oid };
  }
  if (entry.oid !== undefined && /^[0-9a-f]{40}$/.test(entry.oid)) {
    return { algorithm: 'git-sha1', hex: entry.oid };
  }
  return null;
}

async function hashFile(
  path: string,
  algorithm: 'sha256' | 'git-sha1',
  size: number,
  onBytes: (n: number) => void,
) {
  const hash = createHash(algorithm === 'sha256' ? 'sha256' : 'sha1');
  if (algorithm === 'git-sha1') {
    hash.update(`blob ${size}\0`);
  }
  let done = 0;
  for await (const chunk of createReadStream(path)) {
    const buf = chunk as Buffer;
    hash.update(buf);
    done += buf.length;
    onBytes(done);
  }
  return hash.digest('hex');
}

/** The size the hub reports for the file's content (LFS size for LFS files). */
export function hubFileSize(entry: ListFileEntry): number {
  return entry.lfs?.size ?? entry.size;
}

/**
 * Downloads one repository file to `destPath`, resumably and verified: bytes go to `destPath.incomplete`
 * (resumed with an HTTP `Range` request when present), the finished file must have the size and the hash the
 * hub listed (sha256 for LFS files, git blob sha1 otherwise), and only then is it renamed into place. A
 * mismatch removes the partial file and throws {@link DownloadIntegrityError}; a dropped connection keeps it
 * and throws {@link DownloadInterruptedError}. Returns `present` when the file is already there with the
 * right size and hash (the size alone when the hub lists no hash); a local copy whose hash differs is
 * downloaded again.
 */
export async function downloadHubFile(
  entry: ListFileEntry,
  destPath: string,
  access: HubAccess,
): Promise<'downloaded' | 'present'> {
  const total = hubFileSize(entry);
  const expected = expectedHash(entry);
  const existing = await stat(destPath).catch(() => null);
  if (existing?.isFile() && existing.size === total) {
    // The right size is not enough (a damaged copy keeps its size): check the hash the hub lists, if any.
    const actual =
      expected === null
        ? null
        : await hashFile(destPath, expected.algorithm, total, (n) =>
            access.onProgress?.({ phase: 'verify', file: entry.path, bytes: n, totalBytes: total }),
          );
    if (expected === null || actual === expected.hex) {
      access.onProgress?.({
        phase: 'skip',
        file: entry.path,
        totalBytes: total,
        message: `${entry.path}: already downloaded (${expected === null ? 'size matches; the hub lists no hash' : `size and ${expected.algorithm} match`})`,
      });
      return 'present';
    }
    access.onProgress?.({
      phase: 'skip',
      file: entry.path,
      totalBytes: total,
      message: `${entry.path}: the local copy's ${expected.algorithm} differs from the hub's; downloading it again`,
    });
    await rm(destPath, { force: true });
  }
  await mkdir(dirname(destPath), { recursive: true });
  const partial = `${destPath}.incomplete`;
  let offset = (await stat(partial).catch(() => null))?.size ?? 0;
  if (offset > total) {
    await rm(partial, { force: true });
    offset = 0;
  }
  if (offset < total) {
    const info = await fileDownloadInfo({
      repo: access.repo,
      path: entry.path,
      ...(access.revision === undefined ? {} : { revision: access.revision }),
      ...(access.hubUrl === undefined ? {} : { hubUrl: access.hubUrl }),
      ...(access.fetch === undefined ? {} : { fetch: access.fetch }),
      ...(access.accessToken === undefined ? {} : { accessToken: access.accessToken }),
    });
    if (info === null) {
      throw new DownloadIntegrityError(entry.path, 'the hub listed this file but cannot resolve it');
    }
    const headers: Record<string, string> = {};
    if (access.accessToken !== undefined) {
      headers.Authorization = `Bearer ${access.accessToken}`;
    }
    if (offset > 0) {
      headers.Range = `bytes=${offset}-`;
    }
    const doFetch = access.fetch ?? fetch;
    const resp = await doFetch(info.url, {
      headers,
      ...(access.signal === undefined ? {} : { signal: access.signal }),
    });
    if (resp.status === 200) {
      offset = 0; // the server ignored the range: start over
    } else if (resp.status === 206) {
      const start = /^bytes (\d+)-/.exec(resp.headers.get('content-range') ?? '')?.[1];
      if (Number(start) !== offset) {
        await resp.body?.cancel();
        throw new DownloadIntegrityError(
          entry.path,
          `asked for bytes from ${offset}, the server sent from ${start}`,
        );
      }
    } else {
      await resp.body?.cancel();
      throw new Error(`${entry.path}: HTTP ${resp.status} ${resp.statusText} from ${info.url}`);
    }
    const fh = await open(partial, offset === 0 ? 'w' : 'a');
    let bytes = offset;
    try {
      if (resp.body === null) {
        throw new Error(`${entry.path}: empty response body from ${info.url}`);
      }
      const reader = resp.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        await fh.write(value);
        bytes += value.length;
        access.onProgress?.({ phase: 'download', file: entry.path, bytes, totalBytes: total });
      }
    } catch (cause) {
      await fh.close();
      if (bytes > total) {
        await rm(partial, { force: true });
        throw new DownloadIntegrityError(
          entry.path,
          `received ${bytes} bytes, more than the ${total} listed`,
        );
      }
      throw new DownloadInterruptedError(entry.path, bytes, total, { cause });
    }
    await fh.close();
  }
  const size = (await stat(partial)).size;
  if (size < total) {
    throw new DownloadInterruptedError(entry.path, size, total);
  }
  if (size > total) {
    await rm(partial, { force: true });
    throw new DownloadIntegrityError(
      entry.path,
      `size ${size} differs from the ${total} bytes the hub lists`,
    );
  }
  if (expected !== null) {
    const actual = await hashFile(partial, expected.algorithm, size, (n) =>
      access.onProgress?.({ phase: 'verify', file: entry.path, bytes: n, totalBytes: total }),
    );
    if (actual !== expected.hex) {
      await rm(partial, { force: true });
      throw new DownloadIntegrityError(
        entry.path,
        `${expected.algorithm} ${actual} differs from ${expected.hex} listed by the hub`,
      );
    }
  }
  await rename(partial, destPath);
  return 'downloaded';
}
