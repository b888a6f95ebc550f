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
 * Splicing two encoders' packets into one track needs codec parameters in band, so that a decoder configured with
 * the first part's config accepts the second part's key frames:
 * - VP8/VP9 frames carry them.
 * - AV1: every key temporal unit of a part carries that part's sequence header OBU (so each part starts a new
 *   coded video sequence); the one of the part's first key temporal unit is inserted where a key packet lacks it.
 * - H.264/HEVC with a configuration record (MP4/MOV, Matroska): each part's parameter sets (SPS/PPS; VPS/SPS/PPS)
 *   are put in front of its key packets; H.264 in MP4/MOV is written as `avc3`, which allows that. HEVC in MP4/MOV
 *   does not splice: Mediabunny writes `hvc1`, whose parameter sets must all be in the sample entry.
 * - MPEG-TS (Annex B, no configuration record, so Mediabunny's TS muxer injects no sets of its own): each part's
 *   key packets already carry its parameter sets (ffmpeg and Mediabunny's TS muxer write them there), which is
 *   checked on each part's first key packet.
 * Everything else does not splice and `split` re-encodes the whole half.
 */

/** Rewrites a part's key packet so that it decodes after the other part's packets. */
type KeyPatch = (data: Uint8Array) => Uint8Array;

/** Codec/container pairs the splice supports (each one is covered by the tests). */
export function canSplice(codec: VideoCodec, container: string): boolean {
  switch (codec) {
    case 'vp8':
      return container === 'WebM';
    case 'vp9':
    case 'av1':
      return container === 'MP4' || container === 'WebM' || container === 'Matroska';
    case 'avc':
      return ['MP4', 'QuickTime File Format', 'Matroska', 'MPEG Transport Stream'].includes(container);
    case 'hevc':
      // Not MP4/MOV: Mediabunny writes HEVC as `hvc1`, whose parameter sets must all be in the sample entry.
      return container === 'Matroska' || container === 'MPEG Transport Stream';
    default:
      return false;
  }
}

/** Parameter-set NAL units and the NAL length size of a configuration record. */
interface ParameterSets {
  nalus: Uint8Array[];
  lengthSize: number;
}

/** SPS and PPS NAL units and the NAL length size of an `avcC` record (ISO/IEC 14496-15 5.3.3.1). */
function parseAvcC(avcC: Uint8Array): ParameterSets | null {
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

/** VPS, SPS and PPS NAL units (in that order) and the NAL length size of an `hvcC` record (14496-15 8.3.3.1). */
function parseHvcC(hvcC: Uint8Array): ParameterSets | null {
  if (hvcC.length < 23 || hvcC[0] !== 1) {
    return null;
  }
  const lengthSize = ((hvcC[21] ?? 0) & 3) + 1;
  const byType = new Map<number, Uint8Array[]>([
    [32, []], // VPS_NUT
    [33, []], // SPS_NUT
    [34, []], // PPS_NUT
  ]);
  const arrays = hvcC[22] ?? 0;
  let p = 23;
  for (let a = 0; a < arrays; a++) {
    const type = (hvcC[p] ?? 0) & 0x3f;
    const count = ((hvcC[p + 1] ?? 0) << 8) | (hvcC[p + 2] ?? 0);
    p += 3;
    for (let i = 0; i < count; i++) {
      const len = ((hvcC[p] ?? 0) << 8) | (hvcC[p + 1] ?? 0);
      byType.get(type)?.push(hvcC.subarray(p + 2, p + 2 + len));
      p += 2 + len;
    }
  }
  const nalus = [...byType.values()].flat();
  return p <= hvcC.length && nalus.length > 0 ? { nalus, lengthSize } : null;
}

/** Prepends parameter-set NAL units (length-prefixed) to a key packet's data. */
function withParameterSets(data: Uint8Array, params: ParameterSets): Uint8Array {
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

/** NAL unit types of an Annex B access unit (start-code delimited). */
function annexBNalTypes(data: Uint8Array, codec: 'avc' | 'hevc'): Set<number> {
  const types = new Set<number>();
  for (let i = 0; i + 3 < data.length; i++) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      const h = data[i + 3] ?? 0;
      types.add(codec === 'avc' ? h & 0x1f : (h >> 1) & 0x3f);
      i += 2;
    }
  }
  return types;
}

/** One OBU of a low-overhead AV1 bitstream (AV1 spec 5.3): its type and byte ranges. */
interface Obu {
  type: number;
  start: number;
  end: number;
}

/** The OBUs of a temporal unit, or null when it does not parse. */
function parseObus(data: Uint8Array): Obu[] | null {
  const obus: Obu[] = [];
  let p = 0;
  while (p < data.length) {
    const h = data[p] ?? 0;
    if (h & 0x80) {
      return null; // obu_forbidden_bit
    }
    let q = p + 1 + ((h >> 2) & 1); // header + extension byte
    let size = data.length - q;
    if (h & 0x02) {
      size = 0;
      for (let i = 0; ; i++) {
        const b = data[q++];
        if (b === undefined || i === 8) {
          return null;
        }
        size += (b & 0x7f) * 2 ** (7 * i); // leb128
        if (!(b & 0x80)) {
          break;
        }
      }
    }
    if (q + size > data.length) {
      return null;
    }
    obus.push({ type: (h >> 3) & 0x0f, start: p, end: q + size });
    p = q + size;
  }
  return obus;
}

const OBU_SEQUENCE_HEADER = 1;
const OBU_TEMPORAL_DELIMITER = 2;

/** The first sequence header OBU in `data` (a temporal unit), or null (also when it has no size field). */
export function sequenceHeaderOf(data: Uint8Array): Uint8Array | null {
  const obu = parseObus(data)?.find((o) => o.type === OBU_SEQUENCE_HEADER);
  return obu && (data[obu.start] ?? 0) & 0x02 ? data.slice(obu.start, obu.end) : null;
}

/** Inserts `seq` (a sequence header OBU) into a key temporal unit that has none (after a temporal delimiter). */
export function withSequenceHeader(data: Uint8Array, seq: Uint8Array): Uint8Array {
  const obus = parseObus(data);
  if (!obus || obus.some((o) => o.type === OBU_SEQUENCE_HEADER)) {
    return data;
  }
  const at = obus[0]?.type === OBU_TEMPORAL_DELIMITER ? obus[0].end : 0;
  const out = new Uint8Array(data.length + seq.length);
  out.set(data.subarray(0, at));
  out.set(seq, at);
  out.set(data.subarray(at), at + seq.length);
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
  /** The run's first packet (a key packet), as stored. */
  head: EncodedPacket;
  config: VideoDecoderConfig;
  frames: number;
}

/**
 * Re-encodes the source frames in [start, end) with `codec` into memory. Returns why not (a sentence) when the
 * encoder is missing, fails or returns something unusable: `split` then re-encodes the whole half (and reports its
 * own errors). Aborts are rethrown.
 */
async function encodePart(
  opened: OpenedVideo,
  codec: VideoCodec,
  start: number,
  end: number,
  shift: number,
  format: OutputFormat,
  signal: AbortSignal | undefined,
): Promise<Part | string> {
  const target = new BufferTarget();
  let input: Input | null = null;
  try {
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
      const why = conversion.discardedTracks.find((d) => d.track.type === 'video')?.reason;
      return `cannot re-encode ${codec} here (${why ?? 'invalid conversion'})`;
    }
    signal?.throwIfAborted();
    const cancel = (): void => void conversion.cancel();
    signal?.addEventListener('abort', cancel, { once: true });
    try {
      await conversion.execute();
    } finally {
      signal?.removeEventListener('abort', cancel);
    }
    if (!target.buffer) {
      return 'the encoder wrote nothing';
    }
    input = new Input({ source: new BufferSource(target.buffer), formats: ALL_FORMATS });
    const track = await input.getPrimaryVideoTrack();
    const config = await track?.getDecoderConfig();
    const got = await track?.getCodec();
    if (!track || !config || got !== codec) {
      return `the encoder returned ${got ?? 'no video'} instead of ${codec}`;
    }
    const packets: EncodedPacket[] = [];
    for await (const p of new EncodedPacketSink(track).packets()) {
      packets.push(p);
    }
    const head = packets[0];
    if (head?.type !== 'key') {
      return 'the re-encoded fragment does not start with a key frame';
    }
    // The part's timeline starts at 0; `shift` places it in the output.
    return {
      config,
      head,
      frames: packets.length,
      packets: () => packets.map((p) => p.clone({ timestamp: p.timestamp + shift })),
    };
  } catch (err) {
    signal?.throwIfAborted();
    return `re-encoding failed: ${err instanceof Error ? err.message : String(err)}`;
  } finally {
    input?.dispose();
  }
}

/** Copies the source packets from the key packet at `from` (decode order) up to the first at or after `until`. */
async function copyPart(
  opened: OpenedVideo,
  from: number,
  until: number,
  offset: number,
): Promise<Part | string> {
  const sink = new EncodedPacketSink(opened.track);
  const key = await sink.getKeyPacket(from, { verifyKeyPackets: true });
  const config = await opened.track.getDecoderConfig();
  if (!key || key.timestamp !== from || !config) {
    return `the source has no key packet at ${from} s to copy from`;
  }
  return {
    config,
    head: key,
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
 * How each part's key packets are rewritten so both decode in one track, and the track's initial config; or why
 * the two parts cannot share a track.
 */
function keyPatches(
  codec: VideoCodec,
  container: string,
  parts: [Part, Part],
): { initial: VideoDecoderConfig; patches: (KeyPatch | null)[] } | string {
  const [a] = parts;
  if (codec === 'vp8' || codec === 'vp9') {
    return { initial: a.config, patches: [null, null] };
  }
  if (codec === 'av1') {
    const patches: KeyPatch[] = [];
    for (const part of parts) {
      // From the part's first key temporal unit: Mediabunny exposes no av1C (its configOBUs) as a description, and
      // its muxers write av1C from the codec string, without configOBUs, so the header must be in band.
      const seq = sequenceHeaderOf(part.head.data);
      if (!seq) {
        return "an AV1 part's first key temporal unit has no sequence header";
      }
      patches.push((data) => withSequenceHeader(data, seq));
    }
    return { initial: a.config, patches };
  }
  if (codec !== 'avc' && codec !== 'hevc') {
    return `no splice for ${codec}`;
  }
  const descs = parts.map((p) => bytesOf(p.config.description));
  if (descs.every((d) => d === null)) {
    // Annex B (MPEG-TS): each part must carry its own parameter sets at its first key packet.
    const needed = codec === 'avc' ? [7, 8] : [32, 33, 34];
    for (const part of parts) {
      const types = annexBNalTypes(part.head.data, codec);
      if (!needed.every((t) => types.has(t))) {
        return `a part's first key packet lacks in-band ${codec === 'avc' ? 'SPS/PPS' : 'VPS/SPS/PPS'}`;
      }
    }
    return { initial: a.config, patches: [null, null] };
  }
  const parse = codec === 'avc' ? parseAvcC : parseHvcC;
  const params = descs.map((d) => (d ? parse(d) : null));
  const [pa, pb] = params;
  if (!pa || !pb || pa.lengthSize !== pb.lengthSize) {
    return `the parts' ${codec === 'avc' ? 'avcC' : 'hvcC'} records are missing or incompatible`;
  }
  // avc3: parameter sets may change in band at each IDR; the first part's record is the initial one.
  const mp4 = container === 'MP4' || container === 'QuickTime File Format';
  const initial =
    mp4 && codec === 'avc' ? { ...a.config, codec: a.config.codec.replace(/^avc1/, 'avc3') } : a.config;
  return { initial, patches: [(d) => withParameterSets(d, pa), (d) => withParameterSets(d, pb)] };
}

/** Outcome of {@link spliceHalf}: how many frames were re-encoded, or why the half does not splice. */
export type SpliceOutcome = { reencodedFrames: number } | { fallback: string };

/**
 * Writes one half (`'past'`: frames before `cut`; `'future'`: frames from `cut`) into `pending`, re-encoding only
 * the broken GOP fragment. Returns the number of re-encoded frames, or why not (nothing written) when the file does
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
): Promise<SpliceOutcome> {
  const codec = await opened.track.getCodec();
  if (codec === null || !canSplice(codec, opened.formatName)) {
    return { fallback: `no splice for ${codec ?? 'this codec'} in ${opened.formatName}` };
  }
  const first = index.timestamps[0] ?? 0;
  const count = (lo: number, hi: number): number => index.timestamps.filter((t) => t >= lo && t < hi).length;
  // Output timeline: the future starts at 0; the past keeps the source's (from 0, like split's copy path).
  const offset = half === 'future' ? cut : Math.min(first, 0);
  let parts: [Part | string, Part | string];
  let encoded: Part | string;
  let wanted: number;
  if (half === 'future') {
    const next = index.keyframes.find((k) => k > cut);
    if (next === undefined) {
      return { fallback: 'no keyframe after the cut: the broken GOP is the whole future' };
    }
    if (copiedRun(index, next, Infinity) !== count(next, Infinity)) {
      return { fallback: `the frames from the keyframe at ${next} s cannot be copied (open GOP)` };
    }
    wanted = count(cut, next);
    encoded = await encodePart(opened, codec, cut, next, 0, formats.part, signal);
    parts = [encoded, await copyPart(opened, next, Infinity, offset)];
  } else {
    const prev = index.keyframes.filter((k) => k < cut).at(-1);
    if (prev === undefined || prev <= first) {
      return { fallback: 'the broken GOP starts at the first frame: it is the whole past' };
    }
    if (copiedRun(index, first, prev) !== count(first, prev)) {
      return { fallback: `the frames before the keyframe at ${prev} s cannot be copied (open GOP)` };
    }
    wanted = count(prev, cut);
    encoded = await encodePart(opened, codec, prev, cut, prev - offset, formats.part, signal);
    parts = [await copyPart(opened, first, prev, offset), encoded];
  }
  if (typeof encoded === 'string') {
    return { fallback: encoded };
  }
  if (encoded.frames !== wanted) {
    return { fallback: `the encoder returned ${encoded.frames} frames for ${wanted}` };
  }
  const [a, b] = parts;
  if (typeof a === 'string') {
    return { fallback: a };
  }
  if (typeof b === 'string') {
    return { fallback: b };
  }
  const spliced: [Part, Part] = [a, b];
  const plan = keyPatches(codec, opened.formatName, spliced);
  if (typeof plan === 'string') {
    return { fallback: plan };
  }
  const { initial, patches } = plan;
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
    for (const [k, part] of spliced.entries()) {
      const patch = patches[k];
      for await (const packet of part.packets()) {
        yield packet.type === 'key' && patch ? packet.clone({ data: patch(packet.data) }) : packet;
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
    return { reencodedFrames: encoded.frames };
  } catch (err) {
    if (output.state !== 'canceled' && output.state !== 'finalized') {
      await output.cancel().catch(() => undefined);
    }
    throw err;
  }
}
