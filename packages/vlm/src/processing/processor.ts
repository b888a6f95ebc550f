import { resizeReference } from '@nextevent/kernels';
import { smartResize } from '@nextevent/video';
import { InputMismatchError } from '../errors.js';
import type { QwenVlConfig } from '../loading/config.js';
import type { ModelInputs } from '../model/inputs.js';
import { applyChatTemplate, type ChatMessage, type ChatTemplateOptions } from '../text/chat-template.js';
import type { TextTokenizer } from '../text/tokenizer.js';
import { patchify, type RgbFrame } from './patchify.js';
import { isVideoFrame, rgbFromVideoFrames } from './video-frame.js';
import type { GridThw } from './vision-index.js';

/**
 * A sampled video clip: RGB(A) frames or WebCodecs `VideoFrame`s (browsers; read through an OffscreenCanvas, not
 * closed), and the rate they were sampled at.
 */
export interface VideoInput {
  frames: readonly RgbFrame[] | readonly VideoFrame[];
  /** Frames per second of the sampled frames. Default: 2 (qwen-vl-utils' FPS), giving 1 s per temporal patch. */
  fps?: number;
}

/**
 * Resizes a frame to `width × height` with the processors' antialiased bicubic (PIL-style, rounded to bytes),
 * returning packed RGB. Frames already at that size are returned unchanged.
 */
export function resizeFrame(frame: RgbFrame, width: number, height: number): RgbFrame {
  if (frame.width === width && frame.height === height) {
    return frame;
  }
  const px = frame.width * frame.height;
  const channels = frame.channels ?? (frame.data.length === px * 4 ? 4 : 3);
  let rgba: Uint8Array | Uint8ClampedArray = frame.data;
  if (channels === 3) {
    rgba = new Uint8Array(px * 4);
    for (let i = 0; i < px; i++) {
      rgba[i * 4] = frame.data[i * 3] as number;
      rgba[i * 4 + 1] = frame.data[i * 3 + 1] as number;
      rgba[i * 4 + 2] = frame.data[i * 3 + 2] as number;
      rgba[i * 4 + 3] = 255;
    }
  }
  const rgb = resizeReference(rgba, {
    inWidth: frame.width,
    inHeight: frame.height,
    outWidth: width,
    outHeight: height,
  });
  return { width, height, channels: 3, data: Uint8Array.from(rgb) };
}

/** Pixel budget of {@link processImage} / {@link processVideo} resizing. */
export interface ResizeBudget {
  /** Default: 3136 (the released Qwen2.5-VL `preprocessor_config.json`). */
  minPixels?: number;
  /** Default: 12 845 056 (the released Qwen2.5-VL `preprocessor_config.json`). */
  maxPixels?: number;
}

function fitFrames(
  frames: readonly RgbFrame[],
  factor: number,
  budget: Required<ResizeBudget>,
  flavor: 'qwen-vl-utils' | 'transformers',
): RgbFrame[] {
  const first = frames[0];
  if (!first) {
    throw new TypeError('`frames` must contain at least one frame.');
  }
  const size = smartResize(first.height, first.width, { factor, ...budget, flavor });
  return frames.map((f) => resizeFrame(f, size.width, size.height));
}

/** Processed video: rows for `pixelValuesVideos`, the grid and seconds per temporal patch. */
export interface ProcessedVideo {
  pixelValues: Float32Array;
  gridThw: GridThw;
  secondPerGridT: number;
}

/**
 * Normalizes and patchifies a video like HF `Qwen2VLVideoProcessor` (the fused float32 path). Like the HF
 * processor with the released `preprocessor_config.json`, frames are first brought to the transformers
 * `smart_resize` size (3136 to 12 845 056 pixels): frames sampled by qwen-vl-utils / @nextevent/video are already
 * there and pass unchanged; others are resized with antialiased bicubic.
 */
export function processVideo(
  video: VideoInput,
  config: QwenVlConfig,
  budget: ResizeBudget = {},
): ProcessedVideo {
  const v = config.vision;
  const fps = video.fps ?? 2;
  if (!(fps > 0)) {
    throw new TypeError('`video.fps`, when provided, must be a positive number.');
  }
  const rgb = video.frames.some(isVideoFrame)
    ? rgbFromVideoFrames(video.frames as readonly VideoFrame[])
    : (video.frames as readonly RgbFrame[]);
  const frames = fitFrames(
    rgb,
    v.patchSize * v.spatialMergeSize,
    { minPixels: budget.minPixels ?? 3136, maxPixels: budget.maxPixels ?? 12845056 },
    'transformers',
  );
  const { pixelValues, gridThw } = patchify(frames, {
    patchSize: v.patchSize,
    temporalPatchSize: v.temporalPatchSize,
    mergeSize: v.spatialMergeSize,
    path: 'video',
  });
  return { pixelValues, gridThw, secondPerGridT: v.temporalPatchSize / fps };
}

/**
 * Normalizes and patchifies one image like HF `Qwen2VLImageProcessor` (two identical temporal frames), resizing
 * it to the transformers `smart_resize` size first (3136 to 12 845 056 pixels by default).
 */
export function processImage(
  image: RgbFrame,
  config: QwenVlConfig,
  budget: ResizeBudget = {},
): { pixelValues: Float32Array; gridThw: GridThw } {
  const v = config.vision;
  const fitted = fitFrames(
    [image],
    v.patchSize * v.spatialMergeSize,
    { minPixels: budget.minPixels ?? 3136, maxPixels: budget.maxPixels ?? 12845056 },
    'transformers',
  );
  return patchify(fitted, {
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
