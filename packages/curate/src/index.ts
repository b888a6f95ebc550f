/**
 * @nextevent/curate: build V1-style next-event prediction data (V1-33K records) from any videos with any
 * OpenAI-compatible LLM/VLM servers.
 */
export {
  AttemptError,
  callModel,
  checkAnswer,
  parseJsonAnswer,
  type ModelCall,
  type StageCallOptions,
  type StageResult,
} from './call-model.js';
export { CURATE_PROMPTS } from './curate-prompts.js';
export { createVideoTools, type VideoToolsOptions } from './create-video-tools.js';
export { LlmHttpError, LlmNetworkError, LlmResponseError, LlmTimeoutError } from './errors.js';
export {
  JsonRepairError,
  repairJson,
  TRUNCATION_REPAIRS,
  type JsonRepair,
  type JsonRepairResult,
} from './json-repair.js';
export {
  addUsage,
  NO_USAGE,
  type ChatContentPart,
  type ChatMessage,
  type ChatRequest,
  type ChatResponse,
  type LlmClient,
  type TokenUsage,
} from './llm-client.js';
export { listModels } from './list-models.js';
export { chatCompletionsUrl, createOpenAiClient, type OpenAiClientOptions } from './openai-client.js';
export {
  CurateUsageError,
  curateVideos,
  findVideos,
  OUTPUT_LAYOUT,
  type CurateOptions,
  type CurateProgress,
  type CurateResult,
} from './pipeline.js';
export {
  captionSplitPrompt,
  causalAnalysisPrompt,
  critiquePrompt,
  eventIdentificationPrompt,
  factTranslationPrompt,
  reasoningPrompt,
  rewritePrompts,
  splitGroundingPrompt,
  type PromptOverrides,
} from './prompts.js';
export { pythonJsonDumps } from './python-json.js';
export { buildRecord, curatedRecordSchema, type CuratedRecord, type RecordParts } from './record.js';
export {
  REFERENCE_PROMPTS,
  REFERENCE_PROMPTS_SOURCE,
  type ReferencePromptName,
} from './reference-prompts.js';
export { renderPrompt } from './render-prompt.js';
export {
  emptyReport,
  formatReport,
  type CurationFailure,
  type CurationReport,
  type StageCounts,
} from './report.js';
export {
  causalAnswerSchema,
  critiqueAnswerSchema,
  eventsAnswerSchema,
  parseSplitPoint,
  splitCaptionSchema,
  type CausalAnalysis,
  type Critique,
  type SceneEvent,
  type SplitCaption,
  type SplitPoint,
} from './schemas.js';
export { hashFile, hashJson, StageCache, type CacheEntry } from './stage-cache.js';
export {
  StageError,
  STAGES,
  type AttemptFailure,
  type FailureReason,
  type StageName,
} from './stage-error.js';
export { analyzeCausality } from './stages/causal-analysis.js';
export { splitCaption } from './stages/caption-split.js';
export type { StageOptions } from './stages/common.js';
export { critiquePrediction, type CritiqueInput } from './stages/critique.js';
export { identifyEvents } from './stages/event-identification.js';
export { translateFacts, type FactTranslationInput } from './stages/fact-translation.js';
export { predictNextEvent, type NextEventPrediction, type ReasoningOptions } from './stages/reasoning.js';
export { rewritePrediction, type RewrittenPrediction } from './stages/rewrite.js';
export { groundSplit, type SplitGrounding, type SplitGroundingInput } from './stages/split-grounding.js';
export { splitVideoAt, type VideoSplitInput } from './stages/video-split.js';
export { formatTimestamp, parseTimestamp, snapToCut, type SnappedTime } from './timestamp.js';
export { VIDEO_EXTENSIONS, videoDataUrlPart } from './video-part.js';
export type { VideoTools } from './video-tools.js';
