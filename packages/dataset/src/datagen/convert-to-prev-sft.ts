import { pyGetItem } from '../python/subscript.js';
import { DEFAULT_PATH_PREFIX, type DatagenContext, type FormatResult } from './context.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { finishFormat, orExit1997 } from './finish.js';
import { posixJoin, videoRelPath } from './paths.js';
import { QUESTION_POOLS } from './pools.js';

/**
 * The reference's `convert_to_prev_sft` (previous-event prediction): second-part clip, a "what happened
 * before" question, and `caption_part1` as the answer. Records without a readable second-part file are
 * skipped. Writes `video_prev_sft_data.json`.
 */
export function convertToPrevSft(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  const base = `${ctx.pathPrefix ?? DEFAULT_PATH_PREFIX}/second_part_video`;
  const records: GeneratedRecord[] = [];
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = posixJoin(base, videoRelPath(entry));
    if (!ctx.probe.exists(video) || !ctx.probe.isReadableFile(video)) {
      continue;
    }
    const answer = orExit1997(() =>
      pyGetItem(pyGetItem(pyGetItem(entry, 'video_split'), 'split_caption'), 'caption_part1'),
    );
    const question = ctx.rng.choice(QUESTION_POOLS.previousEvent);
    records.push(createEntry(question, answer, video));
  }
  return finishFormat(ctx, 'video_prev_sft_data.json', records, 0);
}
