/**
 * The worker's real backend: @nextevent/video for probing, scene cuts and frames, @nextevent/vlm for the model,
 * @nextevent/futurebench for FutureBench scoring.
 */
import { scoreSample } from '@nextevent/futurebench';
import { detectScenes, probe, sampleFrames } from '@nextevent/video';
import { loadModel, type LoadModelOptions } from '@nextevent/vlm';
import { samplePastFrames } from './frame-sampler.js';
import type { FrameThumbnail } from './protocol.js';
import { thumbnail } from './thumbnails.js';
import { describeModelSource, type ModelSource } from './model-source.js';
import type { WorkerBackend } from './predictor.js';
import { createVlmPredictor } from './vlm-predictor.js';

/** `loadModel`'s source argument and options for one of our {@link ModelSource}s. */
export function vlmSource(source: ModelSource): { source: string; options: LoadModelOptions } {
  switch (source.kind) {
    case 'bundled':
    case 'url':
      return { source: source.url, options: {} };
    case 'hub':
      return {
        source: source.repo,
        options: source.revision === undefined ? {} : { revision: source.revision },
      };
  }
}

/** Frames in the timeline's filmstrip (at most). */
const FILMSTRIP_FRAMES = 12;
/** Height of the filmstrip previews, pixels (a multiple of 28, as qwen-vl-utils resizes to). */
const FILMSTRIP_HEIGHT = 56;

/**
 * Evenly spaced small previews of the whole video; empty when they can't be made. The only error is the signal's
 * reason, once it is aborted (decoding stops there).
 */
async function makeFilmstrip(
  video: Blob,
  frames: number,
  width: number,
  height: number,
  signal: AbortSignal,
): Promise<FrameThumbnail[]> {
  const nframes = Math.min(FILMSTRIP_FRAMES, frames - (frames % 2));
  if (nframes < 2 || !(width > 0 && height > 0)) {
    return [];
  }
  try {
    const sampled = await sampleFrames(video, {
      nframes,
      resizedHeight: FILMSTRIP_HEIGHT,
      resizedWidth: Math.max(28, Math.round((FILMSTRIP_HEIGHT * width) / height / 28) * 28),
      signal,
    });
    return await Promise.all(
      sampled.frames.map(async (f, i) => ({
        timestamp: sampled.timestamps[i] ?? 0,
        bitmap: await thumbnail(
          { width: f.width, height: f.height, data: f.rgb ?? new Uint8Array(0) },
          FILMSTRIP_HEIGHT,
        ),
      })),
    );
  } catch {
    if (signal.aborted) {
      throw signal.reason;
    }
    return [];
  }
}

/** Creates the backend used by the worker. */
export function createBackend(): WorkerBackend {
  return {
    async loadPredictor(source, { compute, signal, onProgress }) {
      const { source: target, options } = vlmSource(source);
      let downloaded = false;
      let weightBytes = 0;
      const model = await loadModel(target, {
        ...options,
        backend: compute,
        signal,
        onProgress: (p) => {
          if (p.phase === 'download') {
            downloaded = true;
            onProgress({
              stage: 'download',
              file: p.file,
              loaded: p.loaded,
              total: Number.isFinite(p.total) ? p.total : 0,
            });
          } else if (p.phase === 'weights') {
            weightBytes = Number.isFinite(p.total) ? p.total : p.loaded;
            onProgress({ stage: 'upload', file: p.file, loaded: p.loaded, total: weightBytes });
          }
        },
      });
      const c = model.config;
      return createVlmPredictor(model, samplePastFrames, {
        name: source.kind === 'bundled' ? source.name : describeModelSource(source),
        untrained: model.untrained,
        summary: `${c.modelType === 'qwen2_5_vl' ? 'Qwen2.5-VL' : 'Qwen2-VL'} · ${c.text.numLayers} layers · hidden ${c.text.hiddenSize} · ${model.backendKind}`,
        bytes: weightBytes,
        fromCache: !downloaded,
      });
    },
    async analyzeVideo(video, signal) {
      const info = await probe(video);
      signal.throwIfAborted();
      const scenes = await detectScenes(video, { signal });
      signal.throwIfAborted();
      const filmstrip = await makeFilmstrip(video, info.frames, info.width, info.height, signal);
      signal.throwIfAborted();
      return {
        video: {
          duration: info.duration,
          width: info.width,
          height: info.height,
          fps: info.realFps ?? info.fps,
          frames: info.frames,
          codec: info.videoCodecString ?? info.videoCodec,
          container: info.container,
          hasAudio: info.hasAudio,
        },
        cuts: scenes.cuts.map((c) => c.time),
        filmstrip,
      };
    },
    scoreChoice(doc, response) {
      const record = scoreSample(doc, response);
      return {
        letter: record.pred_answer,
        answer: record.answer,
        correct: record.pred_answer === record.answer,
      };
    },
  };
}
