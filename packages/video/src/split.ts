import {
  ALL_FORMATS,
  BufferSource,
  Conversion,
  FilePathSource,
  Input,
  MkvOutputFormat,
  MovOutputFormat,
  Mp4OutputFormat,
  MpegTsOutputFormat,
  Output,
  type OutputFormat,
  WebMOutputFormat,
} from 'mediabunny';
import {
  CodecUnavailableError,
  SplitOutOfRangeError,
  UnsupportedCodecError,
  UnsupportedFormatError,
  VideoError,
} from './errors.js';
import { indexFrames, mediaError, openVideo, type FrameIndex, type OpenedVideo } from './open-video.js';
import { checkOutputPaths, commitOutputs, createOutput, type PendingOutput } from './output-file.js';
import { spliceHalf } from './splice.js';
import { checkHalf } from './split-integrity.js';
import { checkReadOptions, isNode, type ReadOptions, type VideoSource } from './source.js';
import { ensureCodecs, missingCodecsMessage } from './support.js';

/** Which keyframe a `copy` split cuts at, relative to the requested time `at`. */
export type KeyframePolicy = 'previous' | 'next' | 'nearest';

/**
 * Options of {@link split}. `signal` aborts the split at any stage (nothing is left on disk, previous files at the
 * output paths are untouched); `httpRetries` bounds the retries of an `http(s):` source.
 */
export interface SplitOptions extends ReadOptions {
  /**
   * `'copy'` (default): no re-encoding; the cut moves to a keyframe chosen by `keyframe`. `'exact'`: the cut is the
   * first frame at or after `at`; in a half that does not start (future) or end (past) cleanly on a GOP boundary,
   * only the GOP fragment the cut breaks is re-encoded and spliced to the copied rest where the codec and container
   * allow it (see the README), else the whole half. Re-encoding needs WebCodecs (browser) or `@mediabunny/server`
   * (Node).
   */
  mode?: 'copy' | 'exact';
  /**
   * Copy mode only. `'previous'` (default): the last keyframe at or before `at`, so the past never holds a frame at
   * or after `at` (leakage-free). `'next'`: the first keyframe at or after `at`. `'nearest'`: whichever is closer
   * (ties go to `'previous'`).
   */
  keyframe?: KeyframePolicy;
  /**
   * Node: write the halves to these paths (folders are created). The paths are checked before any work (two
   * different files, not the source, not folders, in a folder that exists or can be created; else `TypeError` or
   * `OutputError`). Each half is written to a `.partial` file next to its path; only when both are complete
   * and verified are both renamed into place. A failed split leaves nothing behind (nor the folders it created) and
   * leaves files already at the paths as they were. Without `output` the halves are returned as bytes (`data`).
   */
  output?: { past: string; future: string };
}

/** One half of a split. Times are on the source's timeline (seconds). */
export interface SplitPart {
  /** The written file (with `options.output`), else null. */
  path: string | null;
  /** The file's bytes (without `options.output`), else null. */
  data: Uint8Array<ArrayBuffer> | null;
  /** Number of video frames. */
  frames: number;
  /** Timestamp of the first frame in the source. */
  start: number;
  /** End of the last frame in the source (its timestamp plus duration). */
  end: number;
  /** Whether any video of this half was re-encoded. */
  reencoded: boolean;
  /** How many of its frames were re-encoded (exact mode: the future's head, or the whole half; see `split`). */
  reencodedFrames: number;
  /**
   * Exact mode: why this half was re-encoded whole instead of only the GOP fragment the cut breaks (for example
   * `'no splice for hevc in MP4'`, or the fragment encoder's error message), else null.
   */
  spliceFallback: string | null;
}

/** Result of {@link split}. The output files' own timelines start at 0 (the future is shifted by `cut`). */
export interface SplitResult {
  /** The requested split time. */
  at: number;
  /** Where the split actually happened: the future's first frame; every past frame is earlier. */
  cut: number;
  /** `cut - at`: how far copy mode moved the cut to reach a keyframe (0 ≤ shift < 1 frame in exact mode). */
  shift: number;
  /** The mode used: `'copy'` (no re-encoding) or `'exact'`. */
  mode: 'copy' | 'exact';
  /** The keyframe policy used (copy mode), or null (exact mode). */
  keyframe: KeyframePolicy | null;
  /** The past clip: every frame before `cut`. */
  past: SplitPart;
  /** The future clip: every frame from `cut` on. */
  future: SplitPart;
}

function outputFormat(containerName: string, inMemory: boolean): OutputFormat {
  const fastStart = inMemory ? 'in-memory' : false; // false: stream media to disk, index at the end
  switch (containerName) {
    case 'MP4':
      return new Mp4OutputFormat({ fastStart });
    case 'QuickTime File Format':
      return new MovOutputFormat({ fastStart });
    case 'WebM':
      return new WebMOutputFormat();
    case 'Matroska':
      return new MkvOutputFormat();
    case 'MPEG Transport Stream':
      return new MpegTsOutputFormat();
    default:
      throw new UnsupportedFormatError(
        `cannot write ${containerName}: split writes MP4, MOV, WebM, Matroska and MPEG-TS`,
      );
  }
}

/** The keyframe `at` snaps to under `policy`, among keyframes strictly after the first frame. */
function chooseKeyframe(index: FrameIndex, at: number, policy: KeyframePolicy, end: number): number {
  const first = index.timestamps[0] ?? 0;
  const keys = index.keyframes.filter((k) => k > first);
  const prev = keys.filter((k) => k <= at).at(-1);
  const next = keys.find((k) => k >= at);
  let k: number | undefined;
  if (policy === 'previous') {
    k = prev;
  } else if (policy === 'next') {
    k = next;
  } else if (prev === undefined || next === undefined) {
    k = prev ?? next;
  } else {
    k = at - prev <= next - at ? prev : next;
  }
  if (k === undefined) {
    const where =
      policy === 'previous' ? `in (${first}, ${at}]` : policy === 'next' ? `at or after ${at}` : 'at all';
    // Suggest only the policies that would find a keyframe here.
    const works = [
      prev === undefined ? null : 'previous',
      next === undefined ? null : 'next',
      prev === undefined && next === undefined ? null : 'nearest',
    ].filter((p) => p !== null && p !== policy);
    const other = works.length > 0 ? `keyframe ${works.map((p) => `'${p}'`).join('/')} or ` : '';
    throw new SplitOutOfRangeError(
      at,
      [first, end],
      `no keyframe ${where} to cut at without re-encoding; keyframes: [${index.keyframes.join(', ')}]; ` +
        `use ${other}mode 'exact'`,
    );
  }
  return k;
}

/** True when copying the decode-order prefix that ends at the first packet ≥ cut yields exactly the frames < cut. */
function pastIsCopyable(index: FrameIndex, cut: number): boolean {
  const firstAfter = index.decodeOrder.findIndex((t) => t >= cut);
  const prefix = firstAfter === -1 ? index.decodeOrder.length : firstAfter;
  const wanted = index.timestamps.filter((t) => t < cut).length;
  return prefix === wanted;
}

interface HalfPlan {
  trim: { start?: number; end?: number };
  transcode: boolean;
}

async function runHalf(
  opened: OpenedVideo,
  format: string,
  pending: PendingOutput,
  plan: HalfPlan,
  signal: AbortSignal | undefined,
): Promise<void> {
  const output = new Output({ format: outputFormat(format, pending.inMemory), target: pending.target });
  try {
    const conversion = await Conversion.init({
      input: opened.input,
      output,
      trim: plan.trim,
      showWarnings: false,
      // shrink: never write media from outside the half; forced: never re-encode what the plan says to copy.
      copy: plan.transcode
        ? { mode: 'preferred', boundaryPolicy: 'shrink' }
        : { mode: 'forced', boundaryPolicy: 'shrink' },
      video: plan.transcode ? { forceTranscode: true } : {},
    });
    const video = conversion.discardedTracks.find((d) => d.track.type === 'video');
    if (video || !conversion.isValid) {
      const reason = video?.reason ?? 'invalid conversion';
      if (reason === 'undecodable_source_codec' || reason === 'no_encodable_target_codec') {
        const codec = video ? await video.track.getCodecParameterString() : null;
        throw new UnsupportedCodecError(
          `${opened.what}: cannot re-encode ${codec ?? 'this video'} here (${reason}); ${missingCodecsMessage()}`,
          codec,
        );
      }
      throw new VideoError(`${opened.what}: cannot cut without re-encoding (${reason}); try mode 'exact'`);
    }
    const audio = conversion.discardedTracks.find((d) => d.track.type === 'audio');
    if (audio) {
      throw new VideoError(
        `${opened.what}: the audio track cannot be cut here (${audio.reason}); nothing was written`,
      );
    }
    signal?.throwIfAborted();
    const cancel = (): void => void conversion.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await conversion.execute();
    } catch (err) {
      signal?.throwIfAborted();
      throw err;
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
  } catch (err) {
    if (output.state !== 'canceled' && output.state !== 'finalized') {
      await output.cancel().catch(() => undefined); // closes the file handle; the caller deletes the file
    }
    throw err;
  }
}

/** Opens a finished (unpublished) half again and reads its frame timestamps (ascending). */
async function framesOf(pending: PendingOutput, signal: AbortSignal | undefined): Promise<number[]> {
  const part = pending.written();
  const src =
    part.path !== null ? new FilePathSource(part.path) : new BufferSource(part.data ?? new Uint8Array(0));
  const input = new Input({ source: src, formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) {
      return [];
    }
    const index = await indexFrames(
      { input, track, formatName: '', what: pending.path ?? 'split output' },
      signal,
    );
    return index.timestamps;
  } finally {
    input.dispose();
  }
}

/**
 * Splits a video at `at` seconds into a past clip (every frame before the cut) and a future clip (every frame from
 * the cut on), in the source's container (MP4, MOV, WebM, Matroska), audio cut at the same point.
 *
 * Invariants, re-read from both written outputs before this returns: the past holds exactly the frames before `cut`
 * and the future exactly those from `cut` on, none duplicated or lost (else both are deleted). Data is streamed
 * (file to file in Node), so memory does not grow with the file size.
 *
 * @throws {SplitOutOfRangeError} `at` not strictly inside the video, or no keyframe to cut at under the policy.
 * @throws {CodecUnavailableError} exact mode needs re-encoding but there is no decoder/encoder here.
 * @throws {SplitIntegrityError} the outputs broke an invariant (nothing is left on disk).
 * @throws {OutputError} an output path cannot be written (checked before any work where possible); a `TypeError`
 *   for bad arguments (including two output paths naming the same file); {@link HttpError} for a URL source that
 *   cannot be fetched; the signal's reason when `options.signal` aborts.
 */
export async function split(
  source: VideoSource,
  at: number,
  options: SplitOptions = {},
): Promise<SplitResult> {
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new TypeError(`\`at\` must be a finite number of seconds, got ${String(at)}.`);
  }
  const mode = options.mode ?? 'copy';
  if (mode !== 'copy' && mode !== 'exact') {
    throw new TypeError(`\`options.mode\`, when provided, must be 'copy' or 'exact', got ${String(mode)}.`);
  }
  const policy = options.keyframe ?? 'previous';
  if (!['previous', 'next', 'nearest'].includes(policy)) {
    throw new TypeError(
      `\`options.keyframe\`, when provided, must be 'previous', 'next' or 'nearest', got ${String(policy)}.`,
    );
  }
  const out: unknown = options.output;
  if (
    out !== undefined &&
    (typeof out !== 'object' ||
      out === null ||
      !('past' in out && 'future' in out) ||
      typeof out.past !== 'string' ||
      typeof out.future !== 'string' ||
      out.past === '' ||
      out.future === '')
  ) {
    throw new TypeError(
      '`options.output`, when provided, must be { past: string, future: string } (two non-empty paths).',
    );
  }
  checkReadOptions(options);
  if (options.output !== undefined) {
    if (!isNode()) {
      throw new TypeError('`options.output` (file paths) needs Node; in a browser omit it and use `data`.');
    }
    await checkOutputPaths(
      options.output,
      typeof source === 'string' && !/^[a-z]+:/i.test(source) ? source : null,
    );
  }

  const opened = await openVideo(source, options);
  try {
    return await splitOpened(opened, at, mode, policy, options.output, options.signal);
  } finally {
    opened.input.dispose();
  }
}

async function splitOpened(
  opened: OpenedVideo,
  at: number,
  mode: 'copy' | 'exact',
  policy: KeyframePolicy,
  out: SplitOptions['output'],
  signal: AbortSignal | undefined,
): Promise<SplitResult> {
  const index = await indexFrames(opened, signal);
  const format = opened.formatName;
  const first = index.timestamps[0] ?? 0;
  const n = index.timestamps.length;
  const videoEnd = (index.timestamps[n - 1] ?? 0) + (index.durations[n - 1] ?? 0);
  if (!(at > first && at < videoEnd)) {
    throw new SplitOutOfRangeError(at, [first, videoEnd]);
  }

  let cut: number;
  let pastTranscode = false;
  let futureTranscode = false;
  if (mode === 'copy') {
    cut = chooseKeyframe(index, at, policy, videoEnd);
    if (!pastIsCopyable(index, cut)) {
      throw new SplitOutOfRangeError(
        at,
        [first, videoEnd],
        `the GOP before the keyframe at ${cut} s references frames after it (open GOP); use mode 'exact'`,
      );
    }
  } else {
    const firstAfter = index.timestamps.find((t) => t >= at);
    if (firstAfter === undefined || firstAfter <= first) {
      throw new SplitOutOfRangeError(at, [first, videoEnd]);
    }
    cut = firstAfter;
    pastTranscode = !pastIsCopyable(index, cut);
    futureTranscode = !index.keyframes.includes(cut);
    if ((pastTranscode || futureTranscode) && !(await ensureCodecs())) {
      throw new CodecUnavailableError(
        `exact split at ${at} s needs to re-encode (the cut at ${cut} s is not on a keyframe): ${missingCodecsMessage()}`,
      );
    }
  }

  const wantPast = index.timestamps.filter((t) => t < cut);
  const wantFuture = index.timestamps.filter((t) => t >= cut);
  const pastDur = index.durations[wantPast.length - 1] ?? 0;

  signal?.throwIfAborted();
  const outputs: PendingOutput[] = [];
  try {
    const pastOut = await createOutput(out?.past ?? null);
    outputs.push(pastOut);
    const futureOut = await createOutput(out?.future ?? null);
    outputs.push(futureOut);
    // Exact mode off a keyframe: re-encode only the GOP fragment the cut breaks, when the codec allows a splice;
    // otherwise the whole half.
    const writeHalf = async (
      half: 'past' | 'future',
      pending: PendingOutput,
      transcode: boolean,
      frames: number,
    ): Promise<{ reencodedFrames: number; spliceFallback: string | null }> => {
      if (!transcode) {
        await runHalf(
          opened,
          format,
          pending,
          { trim: half === 'past' ? { end: cut } : { start: cut }, transcode },
          signal,
        );
        return { reencodedFrames: 0, spliceFallback: null };
      }
      const formats = { part: outputFormat(format, true), final: outputFormat(format, pending.inMemory) };
      const spliced = await spliceHalf(opened, index, half, cut, formats, pending, signal);
      if ('reencodedFrames' in spliced) {
        return { ...spliced, spliceFallback: null };
      }
      const trim = half === 'past' ? { end: cut } : { start: cut };
      await runHalf(opened, format, pending, { trim, transcode }, signal);
      return { reencodedFrames: frames, spliceFallback: spliced.fallback };
    };
    const pastWritten = await writeHalf('past', pastOut, pastTranscode, wantPast.length);
    const futureWritten = await writeHalf('future', futureOut, futureTranscode, wantFuture.length);
    // Verify both halves before publishing either: a failure leaves the user's files as they were.
    checkHalf('past', await framesOf(pastOut, signal), wantPast);
    checkHalf('future', await framesOf(futureOut, signal), wantFuture);
    signal?.throwIfAborted();
    const [past, future] = await commitOutputs([pastOut, futureOut]);
    if (!past || !future) {
      throw new Error('unreachable: two outputs committed');
    }
    return {
      at,
      cut,
      shift: cut - at,
      mode,
      keyframe: mode === 'copy' ? policy : null,
      past: {
        ...past,
        frames: wantPast.length,
        start: first,
        end: (wantPast.at(-1) ?? first) + pastDur,
        reencoded: pastTranscode,
        ...pastWritten,
      },
      future: {
        ...future,
        frames: wantFuture.length,
        start: cut,
        end: videoEnd,
        reencoded: futureTranscode,
        ...futureWritten,
      },
    };
  } catch (err) {
    // Close before deleting (an open `.partial` would linger as a deleted-but-open file), on every path.
    for (const o of outputs) {
      await o.discard();
    }
    for (const o of outputs) {
      await o.removeCreatedFolders();
    }
    if (signal?.aborted) {
      throw signal.reason;
    }
    throw err instanceof VideoError || err instanceof TypeError ? err : mediaError(err, opened.what);
  }
}
