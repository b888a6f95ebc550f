export { main, buildProgram } from './cli.js';
export { EXIT, UsageError } from './command.js';
export type { ArgumentSpec, CliIo, CommandContext, CommandSpec, OptionSpec } from './command.js';
export { COMMANDS } from './commands/index.js';
export {
  CLI_REFERENCE_MARKERS,
  renderCliReference,
  spliceCliReference,
  type RenderCliReferenceOptions,
} from './cli-reference.js';
export {
  startFakeOpenAIServer,
  type FakeAction,
  type FakeOpenAIServer,
  type FakeServerOptions,
  type RecordedRequest,
} from './eval/fake-server.js';
export {
  createChatCompletion,
  type ChatCompletion,
  type ChatRequestBody,
  type ClientOptions,
  type CompletionResult,
} from './eval/openai-client.js';
export { DEFAULT_RETRY_POLICY, type RetryPolicy } from './eval/retry.js';
export {
  buildChatRequest,
  TASK_GENERATION,
  type BuildRequestInput,
  type EncodedVideo,
  type FramesAs,
  type GenerationSettings,
} from './eval/request-builder.js';
export { openJournal, type Journal, type OpenedJournal } from './eval/journal.js';
export { encodeJpeg, DEFAULT_JPEG_QUALITY, type RawFrame } from './eval/jpeg.js';
