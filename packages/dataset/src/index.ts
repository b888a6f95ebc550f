/**
 * @nextevent/dataset: V1-33K schemas and validation, Python-compatible data generation (byte-identical to the
 * reference `video_data_generation.py`), LLaMA-Factory and EasyR1 writers. Browser-safe; Node-only helpers
 * (file system, download) live on `@nextevent/dataset/node`.
 */
export { PythonRandom, type PyInt } from './random/python-random.js';
export { Mt19937 } from './random/mt19937.js';

export { PythonError, type PythonExceptionType } from './python/errors.js';
export { pyFloatRepr } from './python/float-repr.js';
export { pythonJsonDumps, pythonJsonString, type PythonJsonDumpsOptions } from './python/json-dumps.js';
export { parsePythonJson, JsonParseError } from './python/json-parse.js';
export { pyKeys, isJsonObject, type JsonValue, type JsonObject } from './python/json-value.js';
export { pyRepr, pyStr } from './python/repr.js';
export { pyStrip, pyStrRepr, pyIntParse, isPyWhitespace } from './python/strings.js';

export { QUESTION_POOLS, SCENE_DESCRIPTION_SLOT } from './datagen/pools.js';
export { createListVideoProbe, type VideoFileProbe } from './datagen/probe.js';
export { createEntry, type GeneratedMessage, type GeneratedRecord } from './datagen/entry.js';
export {
  DEFAULT_PATH_PREFIX,
  DEFAULT_SAVE_DIR,
  type DatagenContext,
  type FormatResult,
} from './datagen/context.js';
export { convertToSft } from './datagen/convert-to-sft.js';
export { convertToDistill } from './datagen/convert-to-distill.js';
export { convertToCft, CFT_WRONG_RATIO } from './datagen/convert-to-cft.js';
export { convertToPrevSft } from './datagen/convert-to-prev-sft.js';
export { fullVideoCaption } from './datagen/full-video-caption.js';
export { fullVideoMcQa, fullVideoOeQa } from './datagen/full-video-qa.js';
export { fullVideoWhatHappensNext } from './datagen/full-video-what-happens-next.js';
export {
  SFT_FORMATS,
  SFT_FORMAT_NAMES,
  getSftFormat,
  type SftFormat,
  type SftFormatName,
} from './datagen/formats.js';
export {
  generateSftData,
  serializeSftRecords,
  type GenerateSftOptions,
  type GeneratedFile,
  type SeedMode,
} from './datagen/generate.js';
