import { PythonError } from '../python/errors.js';
import { isJsonObject, pyKeys } from '../python/json-value.js';
import { pyStr, pyTypeName } from '../python/repr.js';
import { pyIntParse } from '../python/int-parse.js';
import { pyGetItem } from '../python/subscript.js';
import type { DatagenContext, FormatResult } from './context.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { finishFormat } from './finish.js';
import { fullVideoPath } from './full-video-caption.js';
import { QUESTION_POOLS, SCENE_DESCRIPTION_SLOT } from './pools.js';

/** `list(entry['video_split']['scenes_timestep'][0].keys())[0]`: the split scene's key, in document order. */
function splitSceneKey(entry: unknown): string {
  const first = pyGetItem(pyGetItem(pyGetItem(entry, 'video_split'), 'scenes_timestep'), 0);
  if (!isJsonObject(first)) {
    throw new PythonError('AttributeError', `'${pyTypeName(first)}' object has no attribute 'keys'`);
  }
  return pyGetItem(pyKeys(first), 0) as string;
}

/** Python's `events[scene_id]` with a Python int (negative wraps; huge values are out of range). */
function sceneIndex(id: bigint): number {
  const limit = BigInt(Number.MAX_SAFE_INTEGER);
  return id > limit ? Number.MAX_SAFE_INTEGER : id < -limit ? -Number.MAX_SAFE_INTEGER : Number(id);
}

/**
 * The reference's `full_video_what_happens_next`: the full video, a question built from the description of
 * the split scene (`int(key.split(' ')[1]) - 1` indexes `events`), and `caption_part2` as the answer.
 * Records whose event name does not match are skipped (printing `scene_id: n`) before any randomness is
 * used. Writes `full_video_what_happens_next_data.json`.
 */
export function fullVideoWhatHappensNext(data: readonly unknown[], ctx: DatagenContext): FormatResult {
  const records: GeneratedRecord[] = [];
  let printed = '';
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = fullVideoPath(entry);
    const key = splitSceneKey(entry);
    const sceneId = pyIntParse(pyGetItem(key.split(' '), 1) as string) - 1n;
    const splitScene = pyGetItem(pyGetItem(entry, 'events'), sceneIndex(sceneId));
    if (pyGetItem(splitScene, 'scene') !== key) {
      printed += `scene_id: ${sceneId}\n`;
      continue;
    }
    const description = pyStr(pyGetItem(splitScene, 'description'));
    const template = ctx.rng.choice(QUESTION_POOLS.whatHappensNext);
    const question = template.split(SCENE_DESCRIPTION_SLOT).join(description);
    const answer = pyGetItem(pyGetItem(pyGetItem(entry, 'video_split'), 'split_caption'), 'caption_part2');
    records.push(createEntry(question, answer, video));
  }
  return finishFormat(ctx, 'full_video_what_happens_next_data.json', records, 0, printed);
}
