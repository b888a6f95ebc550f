/** What the eval runner needs to know about a benchmark task. */
import type { DocMedia } from './resolve-media.js';

/** The `--task` values. */
export const TASK_NAMES = ['futurebench', 'seedbench-r1-l1', 'seedbench-r1-l2', 'seedbench-r1-l3'] as const;

/** A `--task` value. */
export type TaskName = (typeof TASK_NAMES)[number];

/** One benchmark task: how to read, prompt and locate media for its docs. Scoring lives in the scorer. */
export interface EvalTask<Doc = unknown> {
  name: TaskName;
  /** lmms-eval's task name (`futurebench`, `seedbench_r1_l1`, …): used in file names and results keys. */
  lmmsName: string;
  /** lmms-eval's metric name (`future_acc`, `seedbench_r1_acc`). */
  metric: string;
  /** Score from `<answer>…</answer>` (the reasoning prompt variant) instead of the direct-answer extractor. */
  reasoning: boolean;
  /** Validates the data file's text (JSON array or JSONL). Throws a typed error naming the doc and field. */
  parseDocs(text: string): Doc[];
  /** The doc's own id (FutureBench `id`, SEED-Bench-R1 `video_id`), for messages. */
  docKey(doc: Doc): string;
  /** Where lmms-eval would read the doc's media under `root`. */
  media(doc: Doc, root: string): DocMedia;
  /** The prompt text (lmms-eval `doc_to_text` with the yaml's default kwargs). */
  prompt(doc: Doc): string;
  /** `str(doc_to_target(doc))`. */
  target(doc: Doc): string;
}
