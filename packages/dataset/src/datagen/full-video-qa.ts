import { pythonStrip } from '@nextevent/futurebench';
import { PythonError } from '../python/errors.js';
import { pyTypeName } from '../python/repr.js';
import { pyGetItem, pyLen } from '../python/subscript.js';
import type { DatagenContext, FormatResult } from './context.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { finishFormat } from './finish.js';
import { fullVideoPath } from './full-video-caption.js';
import { isJsonObject } from '../python/json-value.js';

function strMethod(v: unknown, method: string): string {
  if (typeof v !== 'string') {
    throw new PythonError('AttributeError', `'${pyTypeName(v)}' object has no attribute '${method}'`);
  }
  return v;
}

/** Shared body of `full_video_mc_qa` / `full_video_oe_qa`: question/answer pairs from an LLaVA-style list. */
function fullVideoQa(
  data: readonly unknown[],
  ctx: DatagenContext,
  key: 'mc_qa' | 'oe_qa',
  fileName: string,
): FormatResult {
  const records: GeneratedRecord[] = [];
  let errorCount = 0;
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = fullVideoPath(entry);
    if (!isJsonObject(entry) || !Object.hasOwn(entry, key)) {
      continue;
    }
    // One try around the whole pair loop: pairs already appended stay when a later pair fails.
    try {
      const qa = entry[key];
      const n = pyLen(qa);
      for (let i = 0; i < n; i += 2) {
        const question = pythonStrip(
          strMethod(pyGetItem(pyGetItem(qa, i), 'value'), 'replace').replaceAll('<image>', ''),
        );
        const answer = pythonStrip(strMethod(pyGetItem(pyGetItem(qa, i + 1), 'value'), 'strip'));
        records.push(createEntry(question, answer, video));
      }
    } catch {
      errorCount++;
    }
  }
  return finishFormat(ctx, fileName, records, errorCount);
}

/**
 * The reference's `full_video_mc_qa`: the full video with each multiple-choice pair of `mc_qa` (`<image>`
 * removed from the question). Writes `full_video_mc_qa_data.json`.
 */
export function fullVideoMcQa(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  return fullVideoQa(data, ctx, 'mc_qa', 'full_video_mc_qa_data.json');
}

/**
 * The reference's `full_video_oe_qa`: the full video with each open-ended pair of `oe_qa`. Writes
 * `full_video_oe_qa_data.json`.
 */
export function fullVideoOeQa(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  return fullVideoQa(data, ctx, 'oe_qa', 'full_video_oe_qa_data.json');
}
