/** `model_args` keys lmms-eval reads the model name from, in priority order (`EvaluationTracker._get_model_name`). */
const MODEL_NAME_KEYS = ['peft=', 'delta=', 'pretrained=', 'model=', 'path=', 'engine='];

/**
 * lmms-eval's `model_name`: the text after the first listed key present in `model_args` (`peft=`, `delta=`,
 * `pretrained=`, `model=`, `path=`, `engine=`, in that priority), up to the next comma; `''` when none is present.
 */
export function lmmsModelName(modelArgs: string): string {
  for (const key of MODEL_NAME_KEYS) {
    const at = modelArgs.indexOf(key);
    if (at >= 0) {
      const rest = modelArgs.slice(at + key.length);
      const next = rest.indexOf(key); // Python's split(key)[1] stops at a second occurrence of the key
      const between = next >= 0 ? rest.slice(0, next) : rest;
      return between.split(',')[0] ?? '';
    }
  }
  return '';
}

/**
 * lmms-eval's `sanitize_model_name`: the last two `/`-separated parts, each run of `"<>:/|\?*[]` replaced by `__`.
 * Quirk: a trailing slash keeps an empty last part, so `/path/to/model/` becomes `model__`.
 */
export function sanitizeModelName(modelName: string): string {
  const parts = modelName.split('/');
  const lastTwo = parts.length > 1 ? parts.slice(-2).join('/') : (parts[0] ?? '');
  return lastTwo.replace(/["<>:/|\\?*[\]]+/g, '__');
}

/**
 * lmms-eval's `get_datetime_str`: `YYYYMMDD_HHMMSS` in `timeZone` (lmms-eval's `--timezone`, default
 * `Asia/Singapore`). Uses `Intl`, so it works in browsers too.
 */
export function lmmsDateString(date: Date, timeZone = 'Asia/Singapore'): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}${get('month')}${get('day')}_${get('hour')}${get('minute')}${get('second')}`;
}

/** Where lmms-eval puts a run's files, relative to `--output_path`. */
export interface LmmsOutputPaths {
  /** The per-model directory: the sanitized model name. */
  dir: string;
  /** `{dir}/{date}_results.json`. */
  results: string;
  /** `{dir}/{date}_samples_{task}.jsonl`. */
  samples: string;
}

/**
 * The relative paths lmms-eval writes for a run: `{model_name_sanitized}/{date_id}_results.json` and
 * `…_samples_{task}.jsonl`, with `date_id` = `date` with `:` replaced by `-`.
 */
export function lmmsOutputPaths(input: { modelArgs: string; date: string; task: string }): LmmsOutputPaths {
  const dir = sanitizeModelName(lmmsModelName(input.modelArgs));
  const dateId = input.date.replaceAll(':', '-');
  return {
    dir,
    results: `${dir}/${dateId}_results.json`,
    samples: `${dir}/${dateId}_samples_${input.task}.jsonl`,
  };
}
