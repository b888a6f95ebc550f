import { buildV1Problem, v1VideoPath } from '@nextevent/futurebench';
import { pythonJsonDumps } from '../python/json-dumps.js';
import { isJsonObject, pyKeys } from '../python/json-value.js';
import { easyR1V1RecordSchema, type EasyR1V1Record } from '../schemas/easyr1.js';

/** A record left out of the RL data, and why. */
export interface SkippedRecord {
  index: number;
  reason: string;
}

/**
 * EasyR1 v1 GRPO records (`{video_path, qa: {Question, Options, Answer}}`) from V1-33K
 * `next_event_prediction.json` records: every record whose `qa` multiple-choice item is well formed, in input
 * order; the others are reported in `skipped`.
 */
export function buildV1RlRecords(data: readonly unknown[]): {
  records: EasyR1V1Record[];
  skipped: SkippedRecord[];
} {
  const records: EasyR1V1Record[] = [];
  const skipped: SkippedRecord[] = [];
  data.forEach((entry, index) => {
    const picked = isJsonObject(entry) ? { video_path: entry.video_path, qa: entry.qa } : entry;
    const parsed = easyR1V1RecordSchema.safeParse(picked);
    if (parsed.success) {
      records.push(parsed.data);
    } else {
      const issue = parsed.error.issues[0];
      skipped.push({ index, reason: `${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}` });
    }
  });
  return { records, skipped };
}

/** The RL data file text (`json.dump(records, f, indent=2)`, what the loader's `json.load` reads). */
export function serializeV1RlRecords(records: readonly EasyR1V1Record[]): string {
  return pythonJsonDumps(records, { indent: 2 });
}

/**
 * The prompt text the v1 loader builds from a record:
 * `Question:\n{Question}\n\nOptions:\nA: …\nB: …` (options in document order, `key: value`). The same text
 * as `@nextevent/futurebench`'s `buildV1Problem`, which implements it (this calls it with {@link pyKeys}, so
 * objects from `parsePythonJson` keep their file order even for integer-like option keys).
 */
export function v1RlProblem(record: EasyR1V1Record): string {
  return buildV1Problem(record, { optionKeys: pyKeys });
}

/**
 * The clip the v1 loader opens: `os.path.join(firstPartRoot, video_path.split('/', 1)[-1])`. The loader
 * hard-codes `~/NextEventPrediction/V1-33K/first_part_video` (never expanding `~`); pass your own root. Same
 * as `@nextevent/futurebench`'s `v1VideoPath`, which implements it (there the root defaults to the loader's).
 */
export function v1RlVideoPath(record: EasyR1V1Record, firstPartRoot: string): string {
  return v1VideoPath(record, firstPartRoot);
}
