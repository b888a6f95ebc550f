/**
 * Builds the chat-completions body for one sample: the system message Qwen2.5-VL's lmms-eval backend uses,
 * then one user message with the visuals first and the prompt text last (the order of qwen2_5_vl in lmms-eval).
 *
 * Frames go either as ONE vLLM video part, `data:video/jpeg;base64,<f1>,<f2>,…` with `media_io_kwargs.video`
 * (`num_frames`, `fps`) and `mm_processor_kwargs` (`fps`, pixel bounds) so the server treats them as one video
 * with the client's timing, or as one `image_url` part per frame (SGLang, Ollama, llama.cpp, OpenAI).
 */
import type { ChatRequestBody, ContentPart } from './openai-client.js';

/** How frames are sent. */
export type FramesAs = 'video' | 'images';

/** The frames of one video, already sampled, resized and JPEG-encoded. */
export interface EncodedVideo {
  jpegs: Uint8Array[];
  /** Frames per second of the sampled sequence (qwen-vl-utils' `sample_fps`). */
  sampleFps: number;
  width: number;
  height: number;
}

/** A still image file's bytes (SEED-Bench-R1's current observation). */
export interface EncodedImage {
  bytes: Uint8Array;
  mime: string;
}

/** Generation settings sent with every request. */
export interface GenerationSettings {
  maxTokens: number;
  temperature: number;
  topP: number;
}

/** FutureBench / SEED-Bench-R1 settings: `max_new_tokens: 16, temperature: 0, top_p: 1.0` (greedy). */
export const TASK_GENERATION: Readonly<GenerationSettings> = { maxTokens: 16, temperature: 0, topP: 1.0 };

/** lmms-eval qwen2_5_vl's system message. */
export const QWEN_SYSTEM_PROMPT = 'You are a helpful assistant.';

/** Smallest frame area the task's processor accepts (`min_pixels = 4·28·28`). */
export const TASK_MIN_PIXELS = 3136;

/** Inputs of {@link buildChatRequest}. */
export interface BuildRequestInput {
  model: string;
  prompt: string;
  video?: EncodedVideo;
  image?: EncodedImage;
  framesAs: FramesAs;
  generation: GenerationSettings;
  /** System message; `null` sends none. Default: {@link QWEN_SYSTEM_PROMPT}. */
  systemPrompt?: string | null;
  /** Extra top-level fields merged last (from `--extra-body`). */
  extraBody?: Record<string, unknown>;
}

const b64 = (bytes: Uint8Array): string =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');

/** Builds the request body. */
export function buildChatRequest(input: BuildRequestInput): ChatRequestBody {
  const content: ContentPart[] = [];
  const body: ChatRequestBody = { model: input.model, messages: [] };
  const system = input.systemPrompt === undefined ? QWEN_SYSTEM_PROMPT : input.systemPrompt;
  if (system !== null) {
    body.messages.push({ role: 'system', content: system });
  }
  const { video } = input;
  if (video && video.jpegs.length > 0) {
    if (input.framesAs === 'video') {
      const url = `data:video/jpeg;base64,${video.jpegs.map(b64).join(',')}`;
      content.push({ type: 'video_url', video_url: { url } });
      body.media_io_kwargs = { video: { num_frames: video.jpegs.length, fps: video.sampleFps } };
      body.mm_processor_kwargs = {
        fps: video.sampleFps,
        min_pixels: TASK_MIN_PIXELS,
        max_pixels: Math.max(TASK_MIN_PIXELS, video.width * video.height),
      };
    } else {
      for (const jpeg of video.jpegs) {
        content.push({ type: 'image_url', image_url: { url: `data:image/jpeg;base64,${b64(jpeg)}` } });
      }
    }
  }
  if (input.image) {
    content.push({
      type: 'image_url',
      image_url: { url: `data:${input.image.mime};base64,${b64(input.image.bytes)}` },
    });
  }
  content.push({ type: 'text', text: input.prompt });
  body.messages.push({ role: 'user', content });
  body.max_tokens = input.generation.maxTokens;
  body.temperature = input.generation.temperature;
  body.top_p = input.generation.topP;
  if (input.extraBody) {
    Object.assign(body, input.extraBody);
  }
  return body;
}
