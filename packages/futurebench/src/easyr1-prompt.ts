import { InvalidDocError } from './errors.js';
import { pythonStr } from './python/format.js';
import { describe } from './schemas/parse.js';

/**
 * `SYSTEM_PROMPT` of the reference's v1 GRPO scripts (`qwen2_5_vl_{3b,7b}_v1.sh`, `video_GRPO_training_demo.sh`)
 * as EasyR1 receives it: OmegaConf parses the CLI value as YAML, which folds the line break and the following
 * space into one space.
 */
export const V1_SYSTEM_PROMPT =
  'You FIRST think about the reasoning process as an internal monologue and then provide the final answer. The reasoning process MUST BE enclosed within <think> </think> tags. The final answer MUST BE put in <answer> </answer> tags.';

/** The same system prompt as the raw shell variable holds it (line break plus a leading space kept). */
export const V1_SYSTEM_PROMPT_SHELL =
  'You FIRST think about the reasoning process as an internal monologue and then provide the final answer.\n The reasoning process MUST BE enclosed within <think> </think> tags. The final answer MUST BE put in <answer> </answer> tags.';

/**
 * The hard-coded video root of `dataset_video_v1.py`. Quirk: `~` is never expanded there, so the reference
 * only works after users edit it; pass your own `videoRoot`.
 */
export const V1_VIDEO_ROOT = '~/NextEventPrediction/V1-33K/first_part_video';

/** `min_pixels` of the v1 training scripts (4·28·28). */
export const V1_MIN_PIXELS = 3136;
/** `max_pixels` of the v1 training scripts, sent as the video's `total_pixels` (2048·28·28). */
export const V1_MAX_PIXELS = 1605632;

/** A v1 RL record (interop.md §2.2): the FutureBench `qa` shape plus `video_path`. Extra fields are ignored. */
export interface V1Record {
  /** Path whose first segment is dropped before joining it to the video root. */
  readonly video_path: string;
  /** Question, options (every key, in stored order) and answer. */
  readonly qa: {
    readonly Question: unknown;
    readonly Options: Readonly<Record<string, unknown>>;
    readonly Answer: unknown;
  };
}

/** Options of {@link buildV1Messages}. */
export interface V1MessagesOptions {
  /** `data.system_prompt`; falsy (unset or `''`) adds no system message. Default: none. */
  readonly systemPrompt?: string | null;
  /** `data.min_pixels` for the video entry. Default: {@link V1_MIN_PIXELS}. */
  readonly minPixels?: number;
  /** `data.max_pixels`, written as the video entry's `total_pixels`. Default: {@link V1_MAX_PIXELS}. */
  readonly maxPixels?: number;
  /** Root joined with `video_path` minus its first segment. Default: {@link V1_VIDEO_ROOT}. */
  readonly videoRoot?: string;
}

/** A chat message of the v1 conversation. */
export type V1Message =
  | { role: 'system'; content: string }
  | {
      role: 'user';
      content: [
        { type: 'video'; total_pixels: number; min_pixels: number; video: string },
        { type: 'text'; text: string },
      ];
    };

/** What EasyR1's `RLHFDataset.__getitem__` (mirror fork) builds before tokenising. */
export interface V1Example {
  /** The conversation handed to the chat template: optional system message, then video + text user turn. */
  messages: V1Message[];
  /** Always `'v1'`; selects `v1_compute_score` in EasyR1's reward manager. */
  problem_type: 'v1';
  /** `qa.Answer` as stored; {@link v1Reward} iterates it character by character. */
  ground_truth: unknown;
}

function qaField(record: unknown, key: string): unknown {
  const qa =
    record !== null && typeof record === 'object' ? (record as Record<string, unknown>).qa : undefined;
  if (qa === null || typeof qa !== 'object' || !(key in qa)) {
    throw new InvalidDocError('missing (the reference raises KeyError)', {
      field: `qa.${key}`,
      kind: 'v1 record',
    });
  }
  return (qa as Record<string, unknown>)[key];
}

/** Options of {@link buildV1Problem}. */
export interface V1ProblemOptions {
  /**
   * The keys of `qa.Options` in the order to list them. Default: `Object.keys` (JavaScript order: integer-like
   * keys first). Pass a function that returns the document order when your JSON parser keeps it, as
   * `@nextevent/dataset` does with its `pyKeys`.
   */
  readonly optionKeys?: (options: object) => readonly string[];
}

/**
 * The v1 problem text: `"Question:\n{Question}\n\nOptions:\n" + "k: v" lines`, every key of `qa.Options` in
 * its stored order (not only `A`–`D`), values through Python `str()` (`None`, `True`, `5`). Note the `"A: text"`
 * format, unlike lmms-eval's `"A. text"`.
 *
 * This is the one implementation of the mirror's `dataset_video_v1.py` prompt (line `problem = f"Question:…"`),
 * the text a v1 GRPO policy is trained on; `@nextevent/dataset`'s `v1RlProblem` calls it.
 *
 * JavaScript caveat: objects list integer-like keys (`"1"`) first, so such option keys come out in numeric
 * order rather than file order unless `options.optionKeys` says otherwise.
 *
 * @throws {InvalidDocError} when `qa.Question` or `qa.Options` is missing or `qa.Options` is not an object.
 */
export function buildV1Problem(record: V1Record, problemOptions: V1ProblemOptions = {}): string {
  const question = qaField(record, 'Question');
  const options = qaField(record, 'Options');
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new InvalidDocError(
      `expected an object, received ${describe(options)} (the reference calls .items())`,
      {
        field: 'qa.Options',
        kind: 'v1 record',
      },
    );
  }
  const values = options as Readonly<Record<string, unknown>>;
  const keys = problemOptions.optionKeys?.(options) ?? Object.keys(options);
  const lines = keys.map((k) => `${k}: ${pythonStr(values[k])}`);
  return `Question:\n${pythonStr(question)}\n\nOptions:\n${lines.join('\n')}`;
}

/** `os.path.join(root, file)` for POSIX paths. */
function posixJoin(root: string, file: string): string {
  if (file.startsWith('/')) {
    return file;
  }
  return root === '' || root.endsWith('/') ? root + file : `${root}/${file}`;
}

/**
 * The clip the v1 loader opens: `os.path.join(videoRoot, video_path.split('/', 1)[-1])` (POSIX), as the
 * mirror's `dataset_video_v1.py` computes it. The loader hard-codes {@link V1_VIDEO_ROOT} (never expanding
 * `~`), which is the default here. `@nextevent/dataset`'s `v1RlVideoPath` calls this.
 *
 * @throws {InvalidDocError} when `video_path` is not a string.
 */
export function v1VideoPath(record: Pick<V1Record, 'video_path'>, videoRoot: string = V1_VIDEO_ROOT): string {
  const videoPath = (record as unknown as Record<string, unknown>).video_path;
  if (typeof videoPath !== 'string') {
    throw new InvalidDocError(`expected string, received ${describe(videoPath)}`, {
      field: 'video_path',
      kind: 'v1 record',
    });
  }
  const slash = videoPath.indexOf('/');
  return posixJoin(videoRoot, slash < 0 ? videoPath : videoPath.slice(slash + 1));
}

/**
 * Builds the v1 RL example as the mirror's EasyR1 `dataset_video_v1.py` does: the video path
 * (`videoRoot` joined with `video_path.split('/', 1)[-1]`), the system message when a system prompt is set,
 * then one user turn holding the video entry and then the {@link buildV1Problem} text.
 *
 * @throws {InvalidDocError} when `video_path` is not a string or `qa.Question` / `qa.Options` / `qa.Answer`
 *   is missing.
 */
export function buildV1Messages(record: V1Record, options: V1MessagesOptions = {}): V1Example {
  const video = v1VideoPath(record, options.videoRoot ?? V1_VIDEO_ROOT);
  const problem = buildV1Problem(record);
  const answer = qaField(record, 'Answer');
  const messages: V1Message[] = [
    {
      role: 'user',
      content: [
        {
          type: 'video',
          total_pixels: options.maxPixels ?? V1_MAX_PIXELS,
          min_pixels: options.minPixels ?? V1_MIN_PIXELS,
          video,
        },
        { type: 'text', text: problem },
      ],
    },
  ];
  if (options.systemPrompt) {
    messages.unshift({ role: 'system', content: options.systemPrompt });
  }
  return { messages, problem_type: 'v1', ground_truth: answer };
}
