import { PythonError } from '../python/errors.js';
import { pyGetItem } from '../python/subscript.js';
import { DEFAULT_PATH_PREFIX, type DatagenContext, type FormatResult } from './context.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { finishFormat, orExit1997 } from './finish.js';
import { posixJoin, videoRelPath } from './paths.js';
import { QUESTION_POOLS } from './pools.js';

/** The first-part clip of a record; the reference asserts it exists. */
export function firstPartVideo(entry: unknown, ctx: DatagenContext): string {
  const base = `${ctx.pathPrefix ?? DEFAULT_PATH_PREFIX}/first_part_video`;
  const path = posixJoin(base, videoRelPath(entry));
  if (!ctx.probe.exists(path)) {
    throw new PythonError('AssertionError', `Video path ${path} does not exist`);
  }
  return path;
}

/**
 * The reference's `convert_to_sft`: first-part clip, a random "what happens next" question, and
 * `caption_part2` as the answer. Writes `video_fp_sft_data.json`.
 */
export function convertToSft(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  const records: GeneratedRecord[] = [];
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = firstPartVideo(entry, ctx);
    const answer = orExit1997(() =>
      pyGetItem(pyGetItem(pyGetItem(entry, 'video_split'), 'split_caption'), 'caption_part2'),
    );
    const question = ctx.rng.choice(QUESTION_POOLS.nextEvent);
    records.push(createEntry(question, answer, video));
  }
  return finishFormat(ctx, 'video_fp_sft_data.json', records, 0);
}
