/**
 * @nextevent/dataset: V1-33K schemas and validation, Python-compatible data generation (byte-identical to the
 * reference `video_data_generation.py`), LLaMA-Factory and EasyR1 writers. Browser-safe; Node-only helpers
 * (file system, download) live on `@nextevent/dataset/node`.
 */
export { PythonRandom, type PyInt } from './random/python-random.js';
export { Mt19937 } from './random/mt19937.js';

export { PythonError, type PythonExceptionType } from './python/errors.js';
export { pythonJsonDumps, pythonJsonString, type PythonJsonDumpsOptions } from './python/json-dumps.js';
export { parsePythonJson, JsonParseError } from './python/json-parse.js';
export { pyKeys, isJsonObject, type JsonValue, type JsonObject } from './python/json-value.js';
export { pyRepr, pyStr } from './python/repr.js';
export { pyIntParse } from './python/int-parse.js';
// Python text helpers owned by @nextevent/futurebench, under this package's earlier names.
export {
  pythonFloatRepr as pyFloatRepr,
  pythonStrip as pyStrip,
  pythonStrRepr as pyStrRepr,
  isPythonWhitespace as isPyWhitespace,
} from '@nextevent/futurebench';

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

export {
  buildDatasetInfo,
  mergeDatasetInfo,
  serializeDatasetInfo,
  sharegptVideoDatasetInfo,
  type SharegptVideoDatasetInfo,
} from './llamafactory/dataset-info.js';
export { llamaFactorySftYaml, type LlamaFactorySftYamlOptions } from './llamafactory/train-yaml.js';

export {
  applySamplingStrategy,
  parseSamplingStrategy,
  SAMPLING_STRATEGY_PATTERN,
  type SamplingStrategy,
} from './easyr1/sampling.js';
export {
  buildV1RlRecords,
  serializeV1RlRecords,
  v1RlProblem,
  v1RlVideoPath,
  type SkippedRecord,
} from './easyr1/v1-records.js';
export { easyR1DataConfigYaml, parseEasyR1DataConfig } from './easyr1/data-config.js';

export {
  nextEventRecordSchema,
  llavaQaTurnSchema,
  multipleChoiceQaSchema,
  type NextEventRecord,
} from './schemas/v1-33k.js';
export {
  easyR1V1RecordSchema,
  easyR1DatasetSourceSchema,
  easyR1DataConfigSchema,
  type EasyR1V1Record,
  type EasyR1DataConfig,
} from './schemas/easyr1.js';
export {
  sharegptTagsSchema,
  datasetInfoEntrySchema,
  datasetInfoSchema,
  createSharegptRecordSchema,
  sharegptRecordSchema,
  SHAREGPT_DEFAULT_TAGS,
  VIDEO_SHAREGPT_TAGS,
  type SharegptTags,
  type DatasetInfoEntry,
  type SharegptRecord,
  type SharegptRecordSchemaOptions,
} from './schemas/llamafactory.js';
/** FutureBench docs: one schema, owned by @nextevent/futurebench and re-exported here. */
export { futureBenchDocSchema, type FutureBenchDoc } from '@nextevent/futurebench';
export {
  DATASET_SCHEMAS,
  DATASET_SCHEMA_NAMES,
  toJsonSchema,
  type DatasetSchemaName,
} from './schemas/registry.js';

export { DatasetValidationError, formatIssue, type ValidationIssue } from './validate/errors.js';
export {
  iterateJsonArray,
  iterateJsonLines,
  JsonStreamError,
  type StreamedRecord,
  type TextChunks,
} from './validate/stream.js';
export {
  validateRecords,
  recordId,
  type ValidateRecordsOptions,
  type ValidationReport,
} from './validate/validate-records.js';

export {
  V1_33K_REPO,
  V1_33K_PART_COUNT,
  V1_33K_ARCHIVE_PREFIXES,
  parsePartsRange,
  archiveNamesForParts,
  parseArchiveName,
} from './download/parts.js';
export { DownloadIntegrityError, UnsafeArchiveEntryError, type DownloadProgress } from './download/errors.js';
