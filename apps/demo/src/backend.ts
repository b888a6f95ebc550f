/**
 * The worker's real backend: @nextevent/video for probing and scene cuts, @nextevent/vlm for the model,
 * @nextevent/futurebench for FutureBench scoring.
 */
import { probe } from '@nextevent/video';
import type { WorkerBackend } from './predictor.js';

/** Creates the backend used by the worker. */
export function createBackend(): WorkerBackend {
  return {
    loadPredictor() {
      return Promise.reject(new Error('@nextevent/vlm has no loadModel yet'));
    },
    async analyzeVideo(video) {
      const info = await probe(video);
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
        cuts: [],
      };
    },
    scoreChoice() {
      throw new Error('@nextevent/futurebench has no scoreSample yet');
    },
  };
}
