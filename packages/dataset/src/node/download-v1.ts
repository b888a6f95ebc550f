import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listFiles, type ListFileEntry } from '@huggingface/hub';
import type { DownloadProgress } from '../download/errors.js';
import { archiveNamesForParts, parseArchiveName, V1_33K_PART_COUNT, V1_33K_REPO } from '../download/parts.js';
import { downloadHubFile, hubFileSize } from './hub-file.js';
import { extractTarGz } from './tar-extract.js';

/** Options of {@link downloadV1Dataset}. */
export interface DownloadV1Options {
  /** The dataset folder (the reference's `./V1-33K`). */
  dest: string;
  /** Archive parts to fetch and extract. Default: every part the repository has (0–69). */
  parts?: readonly number[];
  /** Default: `haonan3/V1-33K`. */
  repo?: string;
  /** Default: `main`. */
  revision?: string;
  /** Default: `https://huggingface.co`. */
  hubUrl?: string;
  accessToken?: string;
  /** Custom fetch (proxy, tests). */
  fetch?: typeof fetch;
  /** Extract the archives after downloading. Default: `true`. */
  extract?: boolean;
  onProgress?: (p: DownloadProgress) => void;
  /**
   * Stops the download: the promise rejects with `signal.reason` itself, whether the signal was aborted before
   * the call or during the listing, a download or an extraction. A partial download is kept (`<file>.incomplete`,
   * resumed next time); a partial extraction leaves the folder as it was and writes no marker.
   */
  signal?: AbortSignal;
}

/** What {@link downloadV1Dataset} did. */
export interface DownloadV1Report {
  downloaded: string[];
  /** Files already present with the right size and hash (the size alone when the hub lists no hash). */
  present: string[];
  extracted: string[];
  /** Archives skipped because an earlier run extracted them. */
  alreadyExtracted: string[];
  /** Requested archives the repository does not have (the reference prints "Archive not found"). */
  missing: string[];
}

/** Marker written after an archive was extracted completely, so later runs skip it. */
const MARKER_DIR = '.extracted';

async function readMarker(dest: string, archive: string): Promise<{ size: number } | null> {
  try {
    return JSON.parse(await readFile(join(dest, MARKER_DIR, `${archive}.json`), 'utf8')) as { size: number };
  } catch {
    return null;
  }
}

async function writeMarker(dest: string, archive: string, size: number): Promise<void> {
  const dir = join(dest, MARKER_DIR);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `${archive}.json`);
  await writeFile(`${file}.tmp`, JSON.stringify({ archive, size, extractedAt: new Date().toISOString() }));
  await rename(`${file}.tmp`, file);
}

/**
 * Downloads V1-33K from the Hugging Face hub like the reference `v1_data_download.py`
 * (`snapshot_download` + extracting `video_data_part{i}.tar.gz` and `first_segment_video_data_part{i}.tar.gz`),
 * but resumable (HTTP ranges), verified against the sizes and hashes the hub lists, restricted to `parts`,
 * with archives extracted safely and atomically and skipped when an earlier run already extracted them.
 * An abort rejects with `signal.reason` (see {@link DownloadV1Options.signal}).
 */
export async function downloadV1Dataset(options: DownloadV1Options): Promise<DownloadV1Report> {
  options.signal?.throwIfAborted();
  try {
    return await download(options);
  } catch (e) {
    // Aborting surfaces as DownloadInterruptedError (a cut download) or a generic AbortError (streams), with
    // the reason only as a cause: reject with the reason itself, as when the signal was aborted up front.
    options.signal?.throwIfAborted();
    throw e;
  }
}

async function download(options: DownloadV1Options): Promise<DownloadV1Report> {
  const progress = options.onProgress;
  const access = {
    repo: { type: 'dataset' as const, name: options.repo ?? V1_33K_REPO },
    ...(options.revision === undefined ? {} : { revision: options.revision }),
    ...(options.hubUrl === undefined ? {} : { hubUrl: options.hubUrl }),
    ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
    ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(progress === undefined ? {} : { onProgress: progress }),
  };
  progress?.({ phase: 'list', message: `listing ${access.repo.name}` });
  const entries = new Map<string, ListFileEntry>();
  for await (const entry of listFiles({ ...access, recursive: true })) {
    if (entry.type === 'file') {
      entries.set(entry.path, entry);
    }
  }
  const parts = options.parts ?? Array.from({ length: V1_33K_PART_COUNT }, (_, i) => i);
  const wantedArchives = archiveNamesForParts(parts);
  const report: DownloadV1Report = {
    downloaded: [],
    present: [],
    extracted: [],
    alreadyExtracted: [],
    missing: [],
  };
  report.missing = wantedArchives.filter((a) => !entries.has(a));
  for (const m of report.missing) {
    progress?.({ phase: 'skip', file: m, message: `Archive not found: ${m}` });
  }
  const plainFiles = [...entries.values()].filter((e) => parseArchiveName(e.path) === null);
  const archives = wantedArchives.flatMap((a) => entries.get(a) ?? []);
  await mkdir(options.dest, { recursive: true });
  for (const entry of [...plainFiles, ...archives]) {
    options.signal?.throwIfAborted();
    const archive = parseArchiveName(entry.path) !== null;
    if (archive && options.extract !== false) {
      const marker = await readMarker(options.dest, entry.path);
      if (marker !== null && marker.size === hubFileSize(entry)) {
        report.alreadyExtracted.push(entry.path);
        progress?.({ phase: 'skip', file: entry.path, message: `${entry.path}: already extracted` });
        continue;
      }
    }
    const destPath = join(options.dest, ...entry.path.split('/'));
    const result = await downloadHubFile(entry, destPath, access);
    (result === 'downloaded' ? report.downloaded : report.present).push(entry.path);
    if (archive && options.extract !== false) {
      progress?.({ phase: 'extract', file: entry.path, message: `extracting ${entry.path}` });
      await extractTarGz(destPath, options.dest, {
        ...(progress === undefined ? {} : { onProgress: progress }),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      await writeMarker(options.dest, entry.path, (await stat(destPath)).size);
      report.extracted.push(entry.path);
    }
  }
  progress?.({ phase: 'done', message: 'download completed' });
  return report;
}
