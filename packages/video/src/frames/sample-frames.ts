import { VideoSampleSink } from 'mediabunny';
import { CorruptMediaError } from '../errors.js';
import { indexFrames, mediaError, openVideo } from '../open-video.js';
import {
  planVideoSampling,
  type VideoSamplingInput,
  type VideoSamplingPlan,
} from '../sampling/plan-video-sampling.js';
import { checkReadOptions, type ReadOptions, type VideoSource } from '../source.js';
import { requireDecoder, toRgba } from './decode.js';
import { resizeBicubicAA } from './resize-bicubic.js';

/** Options of {@link sampleFrames}: the qwen-vl-utils video options, plus output controls. */
export interface SampleFramesOptions
  extends Omit<VideoSamplingInput, 'totalFrames' | 'videoFps' | 'height' | 'width'>, ReadOptions {
  /**
   * `'rgb'` (default): packed RGB bytes resized to the plan's size. `'videoframe'` (browsers with WebCodecs only):
   * the decoded `VideoFrame`s at their native size, not resized; the caller closes them.
   */
  output?: 'rgb' | 'videoframe';
  /** Resize to `resizedHeight × resizedWidth` (default `true`); `false` keeps the decoded size. RGB output only. */
  resize?: boolean;
}

/** One sampled frame. */
export interface SampledFrame {
  /** Index into the presentation-ordered frames (what qwen-vl-utils passes to decord). */
  index: number;
  /** Presentation timestamp (s). */
  timestamp: number;
  /** Width in pixels: the plan's resized width, or the decoded visible width (`resize: false`, `'videoframe'`). */
  width: number;
  /** Height in pixels, likewise. */
  height: number;
  /** Packed RGB, `height × width × 3` bytes (RGB output). */
  rgb: Uint8Array | null;
  /** The decoded frame (`'videoframe'` output). */
  videoFrame: VideoFrame | null;
}

/** Result of {@link sampleFrames}. */
export interface SampledFrames {
  /** The planned frames, in presentation order. */
  frames: SampledFrame[];
  /** The plan: `nframes`, `indices`, resized size, `sampleFps`, `secondPerGridT`, pixel budget. */
  plan: VideoSamplingPlan;
  /** Frames in the video (counted from packets). */
  totalFrames: number;
  /** Average frame rate used for planning: `totalFrames / duration of the video track`. */
  videoFps: number;
  /** Timestamps (s) of the sampled frames. */
  timestamps: number[];
  /** Same as `plan.secondPerGridT`. */
  secondPerGridT: number;
}

/**
 * Samples frames the way qwen-vl-utils `fetch_video` does for a video file: counts the frames, plans with
 * {@link planVideoSampling} (`fps` or `nframes`, min/max frames, FRAME_FACTOR rounding, pixel budgets), decodes
 * exactly the planned frame indices (presentation order; decoding each packet at most once), and resizes them with
 * antialiased bicubic like torchvision. Frames are in coded orientation (rotation metadata is not applied), as decord
 * returns them.
 *
 * @throws {CodecUnavailableError} no decoder here; {@link UnsupportedCodecError}; the probe errors; and
 *   {@link QwenSamplingError} where qwen-vl-utils raises.
 */
export async function sampleFrames(
  source: VideoSource,
  options: SampleFramesOptions = {},
): Promise<SampledFrames> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('`options`, when provided, must be an object.');
  }
  const output = options.output ?? 'rgb';
  if (output !== 'rgb' && output !== 'videoframe') {
    throw new TypeError(
      `\`options.output\`, when provided, must be 'rgb' or 'videoframe', got ${String(output)}.`,
    );
  }
  if (output === 'videoframe' && typeof VideoFrame === 'undefined') {
    throw new TypeError(
      "`options.output` 'videoframe' needs WebCodecs `VideoFrame` (browsers); use 'rgb' here.",
    );
  }
  if (options.resize !== undefined && typeof options.resize !== 'boolean') {
    throw new TypeError(
      `\`options.resize\`, when provided, must be a boolean, got ${String(options.resize)}.`,
    );
  }
  checkReadOptions(options);
  const opened = await openVideo(source, options);
  const frames: SampledFrame[] = [];
  try {
    await requireDecoder(opened.track, opened.what);
    const index = await indexFrames(opened, options.signal);
    const n = index.timestamps.length;
    const span = (index.timestamps[n - 1] ?? 0) + (index.durations[n - 1] ?? 0) - (index.timestamps[0] ?? 0);
    const videoFps = span > 0 ? n / span : 1;
    const width = await opened.track.getCodedWidth();
    const height = await opened.track.getCodedHeight();
    const { output: _o, resize: _r, signal: _s, httpRetries: _h, ...planOptions } = options;
    const plan = planVideoSampling({ ...planOptions, totalFrames: n, videoFps, height, width });
    const timestamps = plan.indices.map((i) => index.timestamps[i] ?? 0);
    const sink = new VideoSampleSink(opened.track);
    let k = 0;
    for await (const sample of sink.samplesAtTimestamps(timestamps)) {
      if (options.signal?.aborted) {
        sample?.close();
        break;
      }
      const i = plan.indices[k] ?? 0;
      const t = timestamps[k] ?? 0;
      k++;
      if (!sample) {
        throw new CorruptMediaError(`${opened.what}: frame ${i} at ${t} s could not be decoded`);
      }
      try {
        if (output === 'videoframe') {
          frames.push({
            index: i,
            timestamp: t,
            width: sample.visibleRect.width,
            height: sample.visibleRect.height,
            rgb: null,
            videoFrame: sample.toVideoFrame(),
          });
          continue;
        }
        const img = await toRgba(sample);
        const [w, h] =
          options.resize === false ? [img.width, img.height] : [plan.resizedWidth, plan.resizedHeight];
        const rgb = resizeBicubicAA(img.data, img.width, img.height, 4, w, h, 3);
        frames.push({ index: i, timestamp: t, width: w, height: h, rgb, videoFrame: null });
      } finally {
        sample.close();
      }
    }
    options.signal?.throwIfAborted();
    return { frames, plan, totalFrames: n, videoFps, timestamps, secondPerGridT: plan.secondPerGridT };
  } catch (err) {
    if (options.signal?.aborted) {
      for (const f of frames) {
        f.videoFrame?.close();
      }
      throw options.signal.reason;
    }
    throw mediaError(err, opened.what);
  } finally {
    opened.input.dispose();
  }
}
