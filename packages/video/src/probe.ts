import type { Rotation } from 'mediabunny';
import { raceAbort } from './abort.js';
import { checkLastPacket, indexFrames, mediaError, openVideo, type OpenedVideo } from './open-video.js';
import { checkReadOptions, type ReadOptions, type VideoSource } from './source.js';

/** Options of {@link probe}: `signal` and `httpRetries` ({@link ReadOptions}), plus what to report. */
export interface ProbeOptions extends ReadOptions {
  /** Also return the presentation timestamp of every frame (`timestamps`). Default: `false`. */
  timestamps?: boolean;
}

/** What {@link probe} reports. Times are in seconds on the file's presentation timeline. */
export interface ProbeResult {
  /** Container as Mediabunny names it: `MP4`, `QuickTime`, `WebM`, `Matroska`, `MPEG-TS`, … */
  container: string;
  /** MIME type including codecs, e.g. `video/mp4; codecs="avc1.64000d, mp4a.40.2"`. */
  mimeType: string;
  /** Video codec (Mediabunny name): `avc`, `hevc`, `vp8`, `vp9`, `av1`, `prores`. */
  videoCodec: string;
  /** Full codec parameter string (`avc1.64000d`, `vp09.00.10.08`), or null when unknown. */
  videoCodecString: string | null;
  /** Display width in pixels, after pixel aspect ratio and rotation. */
  width: number;
  /** Display height in pixels, after pixel aspect ratio and rotation. */
  height: number;
  /** Width of the coded frames, before rotation. */
  codedWidth: number;
  /** Height of the coded frames, before rotation. */
  codedHeight: number;
  /** Clockwise rotation to apply when displaying: 0, 90, 180 or 270. */
  rotation: Rotation;
  /** End of the longest track (s), like ffprobe's format duration. */
  duration: number;
  /** Timestamp of the first shown video frame (s). */
  startTime: number;
  /** End of the last video frame (s): its timestamp plus its duration. */
  videoEnd: number;
  /** Number of video frames, counted from the packets (never from a header field). */
  frames: number;
  /** Average frame rate: `frames / (videoEnd - startTime)`. */
  fps: number;
  /**
   * The underlying constant frame rate found by fitting frame intervals (like ffprobe's `r_frame_rate`), or null
   * for variable frame rate.
   */
  realFps: number | null;
  /** True when every interval between frames is the same (constant frame rate, no gaps). */
  constantFrameRate: boolean;
  /** Timestamps of keyframes (s), ascending. */
  keyframes: number[];
  /** Whether there is an audio track. */
  hasAudio: boolean;
  /** Audio codec (Mediabunny name), or null without audio. */
  audioCodec: string | null;
  /** Presentation timestamp of every frame (s), ascending; only with `options.timestamps`. */
  timestamps?: number[];
}

/**
 * Reads a video's container, codecs, geometry, timing, frame count, frame rates and keyframes, from packet
 * metadata only (nothing is decoded, so it works in Node without codecs). Reads the whole packet index, so the cost
 * grows with the number of frames, not with the file size.
 *
 * @throws {UnsupportedFormatError} | {@link CorruptMediaError} | {@link NoVideoTrackError} |
 *   {@link UnsupportedCodecError} for files that can't be read as video; {@link HttpError} for a URL that cannot be
 *   fetched (after `options.httpRetries` retries); a `TypeError` for a bad `source` or option; the signal's reason
 *   when `options.signal` aborts.
 */
export async function probe(source: VideoSource, options: ProbeOptions = {}): Promise<ProbeResult> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('`options`, when provided, must be an object.');
  }
  if (options.timestamps !== undefined && typeof options.timestamps !== 'boolean') {
    throw new TypeError('`options.timestamps`, when provided, must be a boolean.');
  }
  checkReadOptions(options);
  const { signal } = options;
  const opened = await openVideo(source, options);
  try {
    return await raceAbort(describe(opened, options.timestamps === true, signal), signal);
  } catch (err) {
    if (signal?.aborted) {
      throw signal.reason;
    }
    throw mediaError(err, opened.what);
  } finally {
    opened.input.dispose();
  }
}

async function describe(
  opened: OpenedVideo,
  timestamps: boolean,
  signal: AbortSignal | undefined,
): Promise<ProbeResult> {
  const { input, track } = opened;
  const index = await indexFrames(opened, signal);
  await checkLastPacket(opened, signal);
  const [mimeType, videoCodec, codecString, width, height, codedWidth, codedHeight, rotation, audio] =
    await Promise.all([
      input.getMimeType(),
      track.getCodec(),
      track.getCodecParameterString(),
      track.getDisplayWidth(),
      track.getDisplayHeight(),
      track.getCodedWidth(),
      track.getCodedHeight(),
      track.getRotation(),
      input.getPrimaryAudioTrack(),
    ]);
  const duration = await input.computeDuration();
  const metrics = await track.computeFrameRateMetrics({ targetPacketCount: Infinity });
  const n = index.timestamps.length;
  const startTime = index.timestamps[0] ?? 0;
  const lastT = index.timestamps[n - 1] ?? 0;
  const videoEnd = lastT + (index.durations[n - 1] ?? 0);
  const span = videoEnd - startTime;
  const result: ProbeResult = {
    container: opened.formatName,
    mimeType,
    videoCodec: videoCodec ?? 'unknown',
    videoCodecString: codecString,
    width,
    height,
    codedWidth,
    codedHeight,
    rotation,
    duration,
    startTime,
    videoEnd,
    frames: n,
    fps: span > 0 ? n / span : 0,
    realFps: metrics.underlyingFrameRate,
    constantFrameRate: metrics.frameRateIsConstant,
    keyframes: index.keyframes,
    hasAudio: audio !== null,
    audioCodec: audio ? await audio.getCodec() : null,
  };
  if (timestamps) {
    result.timestamps = index.timestamps;
  }
  return result;
}
