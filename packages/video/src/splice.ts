import {
  ALL_FORMATS,
  BufferSource,
  BufferTarget,
  Conversion,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  Output,
  type EncodedPacket,
  type OutputFormat,
  type VideoCodec,
} from 'mediabunny';
import type { FrameIndex, OpenedVideo } from './open-video.js';
import type { PendingOutput } from './output-file.js';

/**
 * Exact-mode halves that re-encode only the GOP fragment the cut breaks, and copy everything else: the future is
 * [re-encoded cut → next keyframe] + [copied next keyframe → end]; the past is [copied start → last keyframe before
 * the cut] + [re-encoded that keyframe → cut]. Audio is copied (whole packets inside the half). Internal to `split`.
 *
 * Splicing two encoders' packets into one track needs codec parameters in band: VP8/VP9 frames carry them; H.264
 * is written as `avc3` (MP4/MOV only) with each part's SPS/PPS in front of its keyframes. Everything else returns
 * false and `split` re-encodes the whole half.
 */

type Params = { nalus: Uint8Array[]; lengthSize: number } | null;

/** Codecs and containers the splice supports. */
export function canSplice(codec: VideoCodec, container: string): boolean {
  if (codec === 'vp8' || codec === 'vp9') {
    return true;
  }
  return codec === 'avc' && (container === 'MP4' || container === 'QuickTime File Format');
}

/** SPS and PPS NAL units and the NAL length size of an `avcC` record. */
function parseAvcC(avcC: Uint8Array): Params {
  if (avcC.length < 7 || avcC[0] !== 1) {
    return null;
  }
  const lengthSize = ((avcC[4] ?? 0) & 3) + 1;
  const nalus: Uint8Array[] = [];
  let p = 5;
  for (const mask of [0x1f, 0xff]) {
    const count = (avcC[p++] ?? 0) & mask; // SPS count (5 bits), then PPS count
    for (let i = 0; i < count; i++) {
      const len = ((avcC[p] ?? 0) << 8) | (avcC[p + 1] ?? 0);
      nalus.push(avcC.subarray(p + 2, p + 2 + len));
      p += 2 + len;
    }
  }
  return p <= avcC.length ? { nalus, lengthSize } : null;
}

/** Prepends parameter-set NAL units (length-prefixed) to a key packet's data. */
function withParameterSets(data: Uint8Array, params: NonNullable<Params>): Uint8Array {
  const extra = params.nalus.reduce((n, u) => n + params.lengthSize + u.length, 0);
  const out = new Uint8Array(extra + data.length);
  let p = 0;
  for (const u of params.nalus) {
    for (let b = params.lengthSize - 1; b >= 0; b--) {
      out[p++] = (u.length >>> (8 * b)) & 0xff;
    }
    out.set(u, p);
    p += u.length;
  }
  out.set(data, p);
  return out;
}

const bytesOf = (d: AllowSharedBufferSource | undefined): Uint8Array | null =>
  d === undefined
    ? null
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : ArrayBuffer.isView(d)
        ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
        : null;

/** A run of output video packets with the decoder config they need. */
interface Part {
  packets: () => AsyncIterable<EncodedPacket> | Iterable<EncodedPacket>;
  config: VideoDecoderConfig;
  frames: number;
}

/** Re-encodes the source frames in [start, end) with `codec` into memory; null when that fails. */
async function encodePart(...args: Parameters<typeof encodePartOrThrow>): Promise<Part | null> {
  try {
    return await encodePartOrThrow(...args);
  } catch {
    return null; // the caller falls back to re-encoding the whole half, which reports its own errors
  }
}

async function encodePartOrThrow(
  opened: OpenedVideo,
  codec: VideoCodec,
  start: number,
  end: number,
  shift: number,
  format: OutputFormat,
): Promise<Part | null> {
  const target = new BufferTarget();
  const conversion = await Conversion.init({
    input: opened.input,
    output: new Output({ format, target }),
    trim: { start, end },
    showWarnings: false,
    copy: false,
    video: { forceTranscode: true, codec },
    audio: { discard: true },
  });
  if (!conversion.isValid || conversion.utilizedTracks.length !== 1) {
    return null;
  }
  await conversion.execute();
  if (!target.buffer) {
    return null;
  }
  const input = new Input({ source: new BufferSource(target.buffer), formats: ALL_FORMATS });
  const track = await input.getPrimaryVideoTrack();
  const config = await track?.getDecoderConfig();
  if (!track || !config || (await track.getCodec()) !== codec) {
    input.dispose();
    return null;
  }
  const packets: EncodedPacket[] = [];
  for await (const p of new EncodedPacketSink(track).packets()) {
    packets.push(p);
  }
  input.dispose();
  if (packets[0]?.type !== 'key') {
    return null;
  }
  // The part's timeline starts at 0; `shift` places it in the output.
  return {
    config,
    frames: packets.length,
    packets: () => packets.map((p) => p.clone({ timestamp: p.timestamp + shift })),
  };
}

/** Copies the source packets from the key packet at `from` (decode order) up to the first at or after `until`. */
async function copyPart(
  opened: OpenedVideo,
  from: number,
  until: number,
  offset: number,
): Promise<Part | null> {
  const sink = new EncodedPacketSink(opened.track);
  const key = await sink.getKeyPacket(from, { verifyKeyPackets: true });
  const config = await opened.track.getDecoderConfig();
  if (!key || key.timestamp !== from || !config) {
    return null;
  }
  return {
    config,
    frames: -1,
    async *packets() {
      for await (const p of sink.packets(key, undefined, { verifyKeyPackets: true })) {
        if (p.timestamp >= until) {
          break;
        }
        yield p.clone({ timestamp: p.timestamp - offset });
      }
    },
  };
}

/** Number of frames a decode-order run starting at the key frame `from` yields before the first frame ≥ `until`. */
function copiedRun(index: FrameIndex, from: number, until: number): number {
  const start = index.decodeOrder.indexOf(from);
  if (start < 0) {
    return -1;
  }
  let n = 0;
  for (let i = start; i < index.decodeOrder.length && (index.decodeOrder[i] ?? Infinity) < until; i++) {
    n++;
  }
  return n;
}

/**
 * Writes one half (`'past'`: frames before `cut`; `'future'`: frames from `cut`) into `pending`, re-encoding only
 * the broken GOP fragment. Returns the number of re-encoded frames, or null (nothing written) when the file does
 * not allow a splice; then `split` re-encodes the whole half.
 */
export async function spliceHalf(
  opened: OpenedVideo,
  index: FrameIndex,
  half: 'past' | 'future',
  cut: number,
  formats: { part: OutputFormat; final: OutputFormat },
  pending: PendingOutput,
  signal: AbortSignal | undefined,
): Promise<number | null> {
  const codec = await opened.track.getCodec();
  if (codec === null || !canSplice(codec, opened.formatName)) {
    return null;
  }
  const first = index.timestamps[0] ?? 0;
  const count = (lo: number, hi: number): number => index.timestamps.filter((t) => t >= lo && t < hi).length;
  // Output timeline: the future starts at 0; the past keeps the source's (from 0, like split's copy path).
  const offset = half === 'future' ? cut : Math.min(first, 0);
  let parts: (Part | null)[];
  let encoded: Part | null;
  if (half === 'future') {
    const next = index.keyframes.find((k) => k > cut);
    if (next === undefined || copiedRun(index, next, Infinity) !== count(next, Infinity)) {
      return null; // no copyable rest: the head is the whole half
    }
    encoded = await encodePart(opened, codec, cut, next, 0, formats.part);
    if (encoded?.frames !== count(cut, next)) {
      return null;
    }
    parts = [encoded, await copyPart(opened, next, Infinity, offset)];
  } else {
    const prev = index.keyframes.filter((k) => k < cut).at(-1);
    if (prev === undefined || prev <= first || copiedRun(index, first, prev) !== count(first, prev)) {
      return null; // the broken GOP is the whole past
    }
    encoded = await encodePart(opened, codec, prev, cut, prev - offset, formats.part);
    if (encoded?.frames !== count(prev, cut)) {
      return null;
    }
    parts = [await copyPart(opened, first, prev, offset), encoded];
  }
  if (parts.some((p) => p === null)) {
    return null;
  }
  const [a, b] = parts as [Part, Part];
  let params: [Params, Params] = [null, null];
  let initial: VideoDecoderConfig = a.config;
  if (codec === 'avc') {
    const pa = parseAvcC(bytesOf(a.config.description) ?? new Uint8Array());
    const pb = parseAvcC(bytesOf(b.config.description) ?? new Uint8Array());
    if (!pa || !pb || pa.lengthSize !== pb.lengthSize) {
      return null;
    }
    params = [pa, pb];
    // avc3: parameter sets may change in band at each IDR; the first part's record is the initial one.
    initial = { ...a.config, codec: a.config.codec.replace(/^avc1/, 'avc3') };
  }
  signal?.throwIfAborted();

  const output = new Output({ format: formats.final, target: pending.target });
  const video = new EncodedVideoPacketSource(codec);
  output.addVideoTrack(video, { rotation: await opened.track.getRotation() });
  const audioTrack = await opened.input.getPrimaryAudioTrack();
  const audioCodec = audioTrack ? await audioTrack.getCodec() : null;
  const audio = audioTrack && audioCodec ? new EncodedAudioPacketSource(audioCodec) : null;
  const audioConfig = audioTrack ? await audioTrack.getDecoderConfig() : null;
  if (audio) {
    output.addAudioTrack(audio);
  }
  async function* videoPackets(): AsyncGenerator<EncodedPacket> {
    for (const [k, part] of [a, b].entries()) {
      const p = params[k];
      for await (const packet of part.packets()) {
        yield packet.type === 'key' && p ? packet.clone({ data: withParameterSets(packet.data, p) }) : packet;
      }
    }
  }
  async function* audioPackets(): AsyncGenerator<EncodedPacket> {
    if (!audioTrack) {
      return;
    }
    // Whole audio packets inside the half (and not before the output's 0).
    const lo = half === 'future' ? cut : offset;
    const hi = half === 'future' ? Infinity : cut;
    const sink = new EncodedPacketSink(audioTrack);
    let p = await sink.getPacket(lo);
    if (p && p.timestamp < lo) {
      p = await sink.getNextPacket(p);
    }
    p ??= lo <= (await audioTrack.getFirstTimestamp()) ? await sink.getFirstPacket() : null;
    if (!p) {
      return;
    }
    for await (const q of sink.packets(p)) {
      if (q.timestamp + q.duration > hi + 1e-9) {
        break;
      }
      yield q.clone({ timestamp: q.timestamp - offset });
    }
  }
  try {
    await output.start();
    const v = videoPackets();
    const au = audioPackets();
    let nv = await v.next();
    let na = await au.next();
    let firstVideo = true;
    let firstAudio = true;
    while (!nv.done || !na.done) {
      signal?.throwIfAborted();
      // Interleave roughly by time (video is in decode order); this only affects the file layout.
      if (!nv.done && (na.done || nv.value.timestamp <= na.value.timestamp)) {
        await video.add(nv.value, firstVideo ? { decoderConfig: initial } : undefined);
        firstVideo = false;
        nv = await v.next();
      } else if (!na.done) {
        if (audio) {
          await audio.add(na.value, firstAudio && audioConfig ? { decoderConfig: audioConfig } : undefined);
          firstAudio = false;
        }
        na = await au.next();
      }
    }
    video.close();
    audio?.close();
    await output.finalize();
    return encoded.frames;
  } catch (err) {
    if (output.state !== 'canceled' && output.state !== 'finalized') {
      await output.cancel().catch(() => undefined);
    }
    throw err;
  }
}
