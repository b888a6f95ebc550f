// @nextevent/futurebench: FutureBench / SEED-Bench-R1 prompts, answer extraction, scoring, statistics and the
// EasyR1 v1 reward, identical to the reference (lmms-eval tasks and EasyR1 of sail-sg/Video-Next-Event-Prediction).
// Internal files must not import from this barrel.

export { QUESTION_TYPES, isQuestionType } from './question-types.js';
export type { QuestionType } from './question-types.js';
export { InvalidDocError, UnknownQuestionTypeError, LmmsFormatError, RunPairingError } from './errors.js';

export {
  futureBenchDocSchema,
  futureBenchOptionsSchema,
  parseFutureBenchDocs,
  parseFutureBenchDoc,
} from './schemas/futurebench-doc.js';
export type { FutureBenchDoc } from './schemas/futurebench-doc.js';
export {
  seedBenchR1DocSchema,
  parseSeedBenchR1Docs,
  parseSeedBenchR1Doc,
} from './schemas/seedbench-r1-doc.js';
export type { SeedBenchR1Doc } from './schemas/seedbench-r1-doc.js';
export type { JsonInput } from './schemas/parse.js';

export {
  buildPrompt,
  docToTarget,
  BUILTIN_PRE_PROMPT,
  BUILTIN_POST_PROMPT,
  DIRECT_PROMPT_KWARGS,
  REASONING_PROMPT_KWARGS,
} from './prompt.js';
export type {
  BenchmarkTask,
  PromptKwargs,
  BuildPromptOptions,
  FutureBenchPromptDoc,
  SeedBenchR1PromptDoc,
} from './prompt.js';
export {
  buildV1Problem,
  buildV1Messages,
  v1VideoPath,
  V1_SYSTEM_PROMPT,
  V1_SYSTEM_PROMPT_SHELL,
  V1_VIDEO_ROOT,
  V1_MIN_PIXELS,
  V1_MAX_PIXELS,
} from './easyr1-prompt.js';
export type { V1Record, V1MessagesOptions, V1ProblemOptions, V1Message, V1Example } from './easyr1-prompt.js';

export { extractAnswer, traceExtraction } from './extract/extract-answer.js';
export type { AnswerLetter, ExtractionTask, ExtractAnswerOptions } from './extract/extract-answer.js';
export { REFERENCE_ANSWER_PREFIXES } from './extract/reference.js';
export type { ExtractionBranch, ExtractionTrace } from './extract/reference.js';
export { v1Reward } from './reward.js';
export { scoreSample, isCorrect, METRIC_NAMES } from './score.js';
export type {
  FutureAccRecord,
  SeedBenchR1AccRecord,
  ScoreSampleOptions,
  FutureBenchScoreDoc,
  SeedBenchR1ScoreDoc,
} from './score.js';
export { aggregate, formatAggregateLog } from './aggregate.js';
export type { AggregateResult, AggregateOptions, Counts } from './aggregate.js';

export { bootstrapCI } from './stats/bootstrap.js';
export type { BootstrapResult, ConfidenceInterval } from './stats/bootstrap.js';
export type { ResamplingOptions } from './stats/options.js';
export { compareRuns } from './stats/compare.js';
export type { ComparableRecord, RunComparison, RunDelta, FlippedQuestion } from './stats/compare.js';
export { mcnemarExactPValue } from './stats/mcnemar.js';

export {
  readSamplesJsonl,
  writeSamplesJsonl,
  sampleRecords,
  createSampleLine,
  DEFAULT_GENERATION_KWARG_NAMES,
} from './lmms/samples.js';
export type { LmmsSample, ReadSamplesOptions, SampleLineInput } from './lmms/samples.js';
export { readResultsJson, writeResultsJson, createResultsJson, getResultMetric } from './lmms/results.js';
export type { LmmsResults, ResultsJsonInput, ReadResultsOptions } from './lmms/results.js';
export type { TextInput } from './lmms/text.js';
export { lmmsModelName, sanitizeModelName, lmmsDateString, lmmsOutputPaths } from './lmms/paths.js';
export type { LmmsOutputPaths } from './lmms/paths.js';

export { PythonFloat, pythonJsonDumps, pythonJsonString } from './python/json.js';
export { parseJsonPreservingFloats } from './python/parse-json.js';
export type { PythonJsonOptions } from './python/json.js';
export { pythonFloatRepr, pythonFormatSpace1f, pythonStr, pythonStrRepr } from './python/format.js';
export { pythonStrip, isPythonWhitespace } from './python/whitespace.js';
