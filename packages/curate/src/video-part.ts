import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ChatContentPart } from './llm-client.js';

const MIME: Readonly<Record<string, string>> = {
  '.mp4': 'video/mp4',
  '.m4v': 'video/mp4',
  '.mov': 'video/quicktime',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.avi': 'video/x-msvideo',
};

/** File extensions the pipeline picks up from a folder, with the MIME type used for data URLs. */
export const VIDEO_EXTENSIONS: readonly string[] = Object.keys(MIME);

/**
 * The whole video file as one `video_url` part with a base64 data URL, the form vLLM and SGLang accept for
 * Qwen2.5-VL (the server samples the frames). Servers without video input (OpenAI, Ollama, llama.cpp) need frames
 * as `image_url` parts instead; pass your own builder as `curateVideos`' `videoParts` (or parts to the stages).
 */
export async function videoDataUrlPart(path: string): Promise<ChatContentPart> {
  const mime = MIME[extname(path).toLowerCase()] ?? 'video/mp4';
  const bytes = await readFile(path);
  return { type: 'video_url', video_url: { url: `data:${mime};base64,${bytes.toString('base64')}` } };
}
