/**
 * The `local` backend: Qwen2.5-VL through @nextevent/vlm (WebGPU on Dawn in Node, CPU reference otherwise), with
 * the same client-side frame sampling as the `openai` backend and greedy decoding. Still images (SEED-Bench-R1's
 * current observation) are decoded and resized like qwen-vl-utils + the HF processor (`still-image.ts`). The user
 * message has the same order as the `openai` backend's request: video, image, then the prompt text.
 */
import { loadModel, type ChatContentPart, type ChatMessage } from '@nextevent/vlm';
import type { EvalBackend, PredictInput, Prediction } from './backend.js';
import { BackendUnavailableError, MediaDecodeError } from './errors.js';
import { sampleVideo } from './frames.js';
import { QWEN_SYSTEM_PROMPT } from './request-builder.js';
import { prepareStillImage } from './still-image.js';

/** Options of {@link createLocalBackend}. */
export interface LocalBackendOptions {
  /** Checkpoint folder, URL or Hub repo id. */
  source: string;
  maxNewTokens: number;
  maxFrames: number;
  totalPixels: number;
  /** Compute backend of @nextevent/vlm. Default: 'auto'. */
  device?: 'auto' | 'cpu' | 'webgpu';
}

/** Loads the model and returns the backend (one sample at a time). */
export async function createLocalBackend(options: LocalBackendOptions): Promise<EvalBackend> {
  const model = await loadModel(options.source, { backend: options.device ?? 'auto' });
  return {
    name: 'local',
    modelName: options.source,
    modelArgs: `pretrained=${options.source},max_num_frames=${options.maxFrames}`,
    fingerprint: { model: options.source },
    async predict(input: PredictInput, signal: AbortSignal): Promise<Prediction> {
      const content: ChatContentPart[] = [];
      if (input.media.video !== undefined) {
        const path = input.media.video;
        const v = await sampleVideo(
          path,
          { maxFrames: options.maxFrames, totalPixels: options.totalPixels },
          signal,
        ).catch((err: unknown) => {
          if (signal.aborted) {
            throw err;
          }
          throw new MediaDecodeError(`cannot sample frames of ${path}: ${(err as Error).message}`, {
            cause: err,
          });
        });
        content.push({ type: 'video', video: { frames: v.frames, fps: v.sampleFps } });
      }
      if (input.media.image !== undefined) {
        content.push({ type: 'image', image: await prepareStillImage(input.media.image, signal) });
      }
      content.push({ type: 'text', text: input.prompt });
      const messages: ChatMessage[] = [
        { role: 'system', content: QWEN_SYSTEM_PROMPT },
        { role: 'user', content },
      ];
      const out = await model.generate({ messages, maxNewTokens: options.maxNewTokens, signal });
      const text = out.text?.[0];
      if (text === undefined) {
        throw new BackendUnavailableError(
          `${options.source}: the checkpoint has no tokenizer, so outputs cannot be decoded`,
        );
      }
      return { response: text, attempts: 1 };
    },
    close() {
      model.dispose();
      return Promise.resolve();
    },
  };
}
