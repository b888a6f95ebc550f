import { InputMismatchError } from '../errors.js';
import type { QwenVlConfig } from '../loading/config.js';
import type { ModelInputs } from '../model/inputs.js';
import { applyChatTemplate, type ChatMessage, type ChatTemplateOptions } from '../text/chat-template.js';
import type { TextTokenizer } from '../text/tokenizer.js';
import { patchify, type RgbFrame } from './patchify.js';
import type { GridThw } from './vision-index.js';

/** A sampled video clip: frames (already at a size that is a multiple of 28) and the rate they were sampled at. */
export interface VideoInput {
  frames: readonly RgbFrame[];
  /** Frames per second of the sampled frames. Default: 2 (qwen-vl-utils' FPS), giving 1 s per temporal patch. */
  fps?: number;
}

/** Processed video: rows for `pixelValuesVideos`, the grid and seconds per temporal patch. */
export interface ProcessedVideo {
  pixelValues: Float32Array;
  gridThw: GridThw;
  secondPerGridT: number;
}

/** Normalizes and patchifies a video like HF `Qwen2VLVideoProcessor` (the fused float32 path). */
export function processVideo(video: VideoInput, config: QwenVlConfig): ProcessedVideo {
  const v = config.vision;
  const fps = video.fps ?? 2;
  if (!(fps > 0)) {
    throw new TypeError('`video.fps`, when provided, must be a positive number.');
  }
  const { pixelValues, gridThw } = patchify(video.frames, {
    patchSize: v.patchSize,
    temporalPatchSize: v.temporalPatchSize,
    mergeSize: v.spatialMergeSize,
    path: 'video',
  });
  return { pixelValues, gridThw, secondPerGridT: v.temporalPatchSize / fps };
}

/** Normalizes and patchifies one image like HF `Qwen2VLImageProcessor` (two identical temporal frames). */
export function processImage(
  image: RgbFrame,
  config: QwenVlConfig,
): { pixelValues: Float32Array; gridThw: GridThw } {
  const v = config.vision;
  return patchify([image], {
    patchSize: v.patchSize,
    temporalPatchSize: v.temporalPatchSize,
    mergeSize: v.spatialMergeSize,
    path: 'image',
  });
}

/**
 * Replaces each single `<|image_pad|>` / `<|video_pad|>` id with `t·h·w / merge²` copies, in order, like the
 * Qwen2.5-VL processor does on the text.
 */
export function expandPlaceholders(
  ids: readonly number[],
  grids: { image?: readonly GridThw[]; video?: readonly GridThw[] },
  config: QwenVlConfig,
): number[] {
  const unit = config.vision.spatialMergeSize ** 2;
  const { imageTokenId, videoTokenId } = config.tokens;
  const out: number[] = [];
  let ii = 0;
  let vi = 0;
  for (const id of ids) {
    if (id === imageTokenId || id === videoTokenId) {
      const isImage = id === imageTokenId;
      const g = isImage ? grids.image?.[ii++] : grids.video?.[vi++];
      if (!g) {
        throw new InputMismatchError(
          `The prompt has more ${isImage ? 'image' : 'video'} placeholders than media items.`,
        );
      }
      const n = (g[0] * g[1] * g[2]) / unit;
      for (let k = 0; k < n; k++) {
        out.push(id);
      }
    } else {
      out.push(id);
    }
  }
  if (ii !== (grids.image?.length ?? 0) || vi !== (grids.video?.length ?? 0)) {
    throw new InputMismatchError(
      `The prompt has fewer media placeholders than media items (${ii} images, ${vi} videos).`,
    );
  }
  return out;
}

function concat(parts: readonly Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Turns chat messages (text, `{ type: 'video', video: VideoInput }`, `{ type: 'image', image: RgbFrame }`) into
 * {@link ModelInputs} for one sequence: chat template, tokenization, placeholder expansion, pixel processing.
 */
export function prepareChatInputs(
  messages: readonly ChatMessage[],
  tokenizer: TextTokenizer,
  config: QwenVlConfig,
  template: ChatTemplateOptions = {},
): ModelInputs {
  const images: { pixelValues: Float32Array; gridThw: GridThw }[] = [];
  const videos: ProcessedVideo[] = [];
  for (const m of messages) {
    if (typeof m.content === 'string') {
      continue;
    }
    for (const part of m.content) {
      if (part.type === 'video') {
        videos.push(processVideo(part.video as VideoInput, config));
      } else if (part.type === 'image') {
        images.push(processImage(part.image as RgbFrame, config));
      }
    }
  }
  const prompt = applyChatTemplate(messages, {
    ...template,
    ...(template.template === undefined && tokenizer.chatTemplate?.includes('video_pad')
      ? { template: tokenizer.chatTemplate }
      : {}),
  });
  const ids = expandPlaceholders(
    tokenizer.encode(prompt),
    { image: images.map((i) => i.gridThw), video: videos.map((v) => v.gridThw) },
    config,
  );
  const inputs: ModelInputs = { inputIds: [ids] };
  return {
    ...inputs,
    ...(images.length
      ? { pixelValues: concat(images.map((i) => i.pixelValues)), imageGridThw: images.map((i) => i.gridThw) }
      : {}),
    ...(videos.length
      ? {
          pixelValuesVideos: concat(videos.map((v) => v.pixelValues)),
          videoGridThw: videos.map((v) => v.gridThw),
          secondPerGridTs: videos.map((v) => v.secondPerGridT),
        }
      : {}),
  };
}
