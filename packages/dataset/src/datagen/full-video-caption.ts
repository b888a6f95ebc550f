import { pyGetItem } from '../python/subscript.js';
import type { DatagenContext, FormatResult } from './context.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { finishFormat, orExit1997 } from './finish.js';
import { QUESTION_POOLS } from './pools.js';

/**
 * `entry['full_video_path']` (a `KeyError` aborts the reference). Used verbatim and never checked on disk; a
 * non-string value is copied through unchanged, as the reference does.
 */
export function fullVideoPath(entry: unknown): string {
  return pyGetItem(entry, 'full_video_path') as string;
}

/**
 * The reference's `full_video_caption`: the full video, a random "detailed caption" question, and
 * `caption` as the answer. Writes `full_video_caption_data.json`.
 */
export function fullVideoCaption(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  const records: GeneratedRecord[] = [];
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = fullVideoPath(entry);
    const answer = orExit1997(() => pyGetItem(entry, 'caption'));
    const question = ctx.rng.choice(QUESTION_POOLS.fullVideoCaption);
    records.push(createEntry(question, answer, video));
  }
  return finishFormat(ctx, 'full_video_caption_data.json', records, 0);
}
