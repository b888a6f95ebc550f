/**
 * Where lmms-eval looks for a doc's media, reproduced so the same `--video-root` works for both tools.
 *
 * - FutureBench (`future_pred_doc_to_visual`): `cache_dir + video_path.split('video_dataset/')[1]`, with
 *   `cache_dir` = V1-33K's `first_part_video/`. The part taken is the one between the first and a possible second
 *   `video_dataset/` (Python's `split(...)[1]`).
 * - SEED-Bench-R1: the video `cache_dir/video_basename` (none when `task_progress_metadata` is empty) and the
 *   image `cache_dir/images/{video_source}/{current_observation_basename}`.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { MissingMediaError } from './errors.js';

/** The media files of one doc. */
export interface DocMedia {
  video?: string;
  image?: string;
}

const MARKER = 'video_dataset/';

/** FutureBench: the local path of `video_path` under `videoRoot`, exactly as lmms-eval builds it. */
export function futurebenchVideoPath(videoPath: string, videoRoot: string): string {
  const parts = videoPath.split(MARKER);
  if (parts.length < 2) {
    throw new MissingMediaError(
      `video_path "${videoPath}" does not contain "${MARKER}" (lmms-eval requires it)`,
    );
  }
  return join(videoRoot, parts[1] ?? '');
}

/** The SEED-Bench-R1 fields that locate media. */
export interface SeedBenchMediaFields {
  task_progress_metadata?: unknown;
  video_basename?: unknown;
  video_source?: unknown;
  current_observation_basename?: unknown;
}

function isEmptyMetadata(v: unknown): boolean {
  return (
    v === undefined ||
    v === null ||
    v === '' ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === 'object' && Object.keys(v).length === 0)
  );
}

/** SEED-Bench-R1: the video (unless `task_progress_metadata` is empty) and the current-observation image. */
export function seedbenchMedia(doc: SeedBenchMediaFields, root: string): DocMedia {
  const media: DocMedia = {};
  if (!isEmptyMetadata(doc.task_progress_metadata)) {
    media.video = join(root, String(doc.video_basename));
  }
  media.image = join(root, 'images', String(doc.video_source), String(doc.current_observation_basename));
  return media;
}

/**
 * Checks that every file exists; throws one {@link MissingMediaError} listing the missing ones (the first 10
 * and a count) so the user fixes the root before any request is sent.
 */
export async function assertMediaExist(
  items: readonly { docId: number; id: string; media: DocMedia }[],
  rootFlag = '--video-root',
): Promise<void> {
  const missing: string[] = [];
  await Promise.all(
    items.map(async ({ docId, id, media }) => {
      for (const p of [media.video, media.image]) {
        if (p === undefined) {
          continue;
        }
        try {
          await access(p);
        } catch {
          missing.push(`doc ${docId} (${id}): ${p}`);
        }
      }
    }),
  );
  if (missing.length > 0) {
    missing.sort();
    const shown = missing.slice(0, 10).join('\n  ');
    const more = missing.length > 10 ? `\n  … and ${missing.length - 10} more` : '';
    throw new MissingMediaError(
      `${missing.length} media file(s) not found (check ${rootFlag}; no request was sent):\n  ${shown}${more}`,
    );
  }
}
