import { pyStr } from '../python/repr.js';
import { pyGetItem } from '../python/subscript.js';
import type { DatagenContext, FormatResult } from './context.js';
import { firstPartVideo } from './convert-to-sft.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { finishFormat, orExit1997 } from './finish.js';
import { QUESTION_POOLS } from './pools.js';

/** `"<think>\n{}\n</think>\n<answer>\n{}\n</answer>".format(reasoning, prediction)` of a record. */
export function thinkAnswer(entry: unknown): string {
  const ds = pyGetItem(entry, 'ds_reasoning');
  const reasoning = pyGetItem(ds, 'rewritten_reasoning_content');
  const prediction = pyGetItem(ds, 'rewritten_prediction_content');
  return `<think>\n${pyStr(reasoning)}\n</think>\n<answer>\n${pyStr(prediction)}\n</answer>`;
}

/**
 * The reference's `convert_to_distill`: first-part clip, the R1-style system prompt, a "what happens next"
 * question and the rewritten reasoning/prediction as `<think>…</think><answer>…</answer>`. Writes
 * `video_fp_distill_data.json`.
 */
export function convertToDistill(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  const records: GeneratedRecord[] = [];
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = firstPartVideo(entry, ctx);
    const answer = orExit1997(() => thinkAnswer(entry));
    const question = ctx.rng.choice(QUESTION_POOLS.nextEvent);
    records.push(createEntry(question, answer, video, QUESTION_POOLS.distillSystemPrompt));
  }
  return finishFormat(ctx, 'video_fp_distill_data.json', records, 0);
}
