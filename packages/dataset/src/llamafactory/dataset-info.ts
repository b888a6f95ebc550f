import { SFT_FORMATS, getSftFormat } from '../datagen/formats.js';
import { pythonJsonDumps } from '../python/json-dumps.js';
import { isIndexLikeKey, pyKeys, setKeyOrder } from '../python/json-value.js';

/** A LLaMA-Factory `dataset_info.json` entry for a sharegpt video dataset, as the reference writes them. */
export interface SharegptVideoDatasetInfo {
  file_name: string;
  formatting: 'sharegpt';
  columns: { messages: 'messages'; videos: 'videos' };
  tags: {
    role_tag: 'role';
    content_tag: 'content';
    user_tag: 'user';
    assistant_tag: 'assistant';
    system_tag?: 'system';
  };
}

/** The order the reference's `dataset_info.json` lists the generated datasets in. */
const REFERENCE_ORDER = [
  'full_video_caption_data',
  'full_video_mc_qa_data',
  'full_video_oe_qa_data',
  'full_video_what_happens_next_data',
  'video_fp_sft_data',
  'video_fp_distill_data',
  'video_fp_CFT_data',
  'video_prev_sft_data',
];

/**
 * The `dataset_info.json` entry for one sharegpt video file. `system_tag` is set when records start with a
 * system turn: LLaMA-Factory leaves tags missing from a `tags` object as `None`, and would then skip
 * every such record.
 */
export function sharegptVideoDatasetInfo(
  fileName: string,
  hasSystemPrompt: boolean,
): SharegptVideoDatasetInfo {
  return {
    file_name: fileName,
    formatting: 'sharegpt',
    columns: { messages: 'messages', videos: 'videos' },
    tags: {
      role_tag: 'role',
      content_tag: 'content',
      user_tag: 'user',
      assistant_tag: 'assistant',
      ...(hasSystemPrompt ? { system_tag: 'system' as const } : {}),
    },
  };
}

/**
 * The `dataset_info.json` entries of the given SFT formats (default: all eight), in the order of the
 * reference's file, identical to its entries.
 */
export function buildDatasetInfo(
  formats: readonly string[] = SFT_FORMATS.map((f) => f.name),
): Record<string, SharegptVideoDatasetInfo> {
  const wanted = formats.map((n) => getSftFormat(n));
  wanted.sort((a, b) => REFERENCE_ORDER.indexOf(a.name) - REFERENCE_ORDER.indexOf(b.name));
  return Object.fromEntries(
    wanted.map((f) => [f.name, sharegptVideoDatasetInfo(f.fileName, f.hasSystemPrompt)]),
  );
}

/**
 * Adds entries to an existing `dataset_info.json` object (such as LLaMA-Factory's stock file). Key order is
 * stable: every existing key keeps its place (document order for objects from `parsePythonJson`), an entry
 * whose name already exists replaces that value in place, and new entries are appended in their own order.
 * Entries not named in `entries` are kept unchanged.
 */
export function mergeDatasetInfo(
  existing: Readonly<Record<string, unknown>>,
  entries: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const keys = pyKeys(existing);
  const known = new Set(keys);
  const order = [...keys, ...pyKeys(entries).filter((k) => !known.has(k))];
  const merged: Record<string, unknown> = {};
  for (const key of order) {
    merged[key] = Object.hasOwn(entries, key) ? entries[key] : existing[key];
  }
  if (order.some(isIndexLikeKey)) {
    setKeyOrder(merged, order);
  }
  return merged;
}

/** The file text, formatted like LLaMA-Factory's `dataset_info.json` (`json.dumps(indent=2)` plus a newline). */
export function serializeDatasetInfo(info: Readonly<Record<string, unknown>>): string {
  return `${pythonJsonDumps(info, { indent: 2 })}\n`;
}
