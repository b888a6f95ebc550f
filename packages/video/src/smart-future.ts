import type { EncodedPacket } from 'mediabunny';
import {
  BufferSource,
  BufferTarget,
  Conversion,
  EncodedAudioPacketSource,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  ALL_FORMATS,
  Output,
  type OutputFormat,
  type VideoCodec,
} from 'mediabunny';
import type { FrameIndex, OpenedVideo } from './open-video.js';
import type { PendingOutput } from './output-file.js';

/**
 * Exact-mode future half that re-encodes only its head: the frames from the cut up to the next keyframe are
 * re-encoded (same codec), everything from that keyframe on is copied, audio is copied from the first audio packet
 * at or after the cut. Internal to `split`.
 *
 * Splicing packets of two encoders into one track works when each part carries its own codec parameters in band:
 * VP8/VP9 frames are self-describing; for H.264 the track is written as `avc3` and each keyframe gets its encoder's
 * SPS/PPS in band. Other codecs (and H.264 outside MP4/MOV) return false and the caller re-encodes the whole half.
 */

/** Codecs and containers this path supports. */
export function canSpliceFuture(codec: VideoCodec, container: string): boolean {
  if (codec === 'vp8' || codec === 'vp9') {
    return true;
  }
  return codec === 'avc' && (container === 'MP4' || container === 'QuickTime File Format');
}

/** SPS and PPS NAL units and the NAL length size of an `avcC` record. */
function parseAvcC(avcC: Uint8Array): { nalus: Uint8Array[]; lengthSize: number } | null {
  if (avcC.length < 7 || avcC[0] !== 1) {
    return null;
  }
  const lengthSize = ((avcC[4] ?? 0) & 3) + 1;
  const nalus: Uint8Array[] = [];
  let p = 5;
  const numSps = (avcC[p++] ?? 0) & 0x1f;
  for (let i = 0; i < numSps; i++) {
    const len = ((avcC[p] ?? 0) << 8) | (avcC[p + 1] ?? 0);
    nalus.push(avcC.subarray(p + 2, p + 2 + len));
    p += 2 + len;
  }
  const numPps = avcC[p++] ?? 0;
  for (let i = 0; i < numPps; i++) {
    const len = ((avcC[p] ?? 0) << 8) | (avcC[p + 1] ?? 0);
    nalus.push(avcC.subarray(p + 2, p + 2 + len));
    p += 2 + len;
  }
  return p <= avcC.length ? { nalus, lengthSize } : null;
}

/** Prepends parameter-set NAL units (length-prefixed) to a key packet's data. */
function withParameterSets(
  data: Uint8Array,
  params: { nalus: Uint8Array[]; lengthSize: number },
): Uint8Array {
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

const asBytes = (d: AllowSharedBufferSource | undefined): Uint8Array | null =>
  d === undefined
    ? null
    : d instanceof ArrayBuffer
      ? new Uint8Array(d)
      : ArrayBuffer.isView(d)
        ? new Uint8Array(d.buffer, d.byteOffset, d.byteLength)
        : null;

/**
 * Writes the future half into `pending` with only its head re-encoded. Returns false (having written nothing) when
 * the file does not allow it; then the caller falls back to re-encoding the whole half.
 */
export async function spliceFuture(
  opened: OpenedVideo,
  index: FrameIndex,
  cut: number,
  formats: { head: OutputFormat; final: OutputFormat },
  pending: PendingOutput,
  signal: AbortSignal | undefined,
): Promise<boolean> {
  const { input, track } = opened;
  const codec = await track.getCodec();
  if (codec === null || !canSpliceFuture(codec, opened.formatName)) {
    return false;
  }
  const nextKey = index.keyframes.find((k) => k > cut);
  if (nextKey === undefined) {
    return false; // the head is the whole half
  }
  // The copied part must be exactly the frames from nextKey on, in decode order from its key packet.
  const fromKey = index.decodeOrder.findIndex((t) => t === nextKey);
  const tail = index.decodeOrder.slice(fromKey);
  if (
    fromKey < 0 ||
    tail.some((t) => t < nextKey) ||
    tail.length !== index.timestamps.filter((t) => t >= nextKey).length
  ) {
    return false;
  }
  const sourceConfig = await track.getDecoderConfig();
  if (!sourceConfig) {
    return false;
  }

  // 1. Re-encode [cut, nextKey) with the same codec into memory.
  const headTarget = new BufferTarget();
  const headOutput = new Output({ format: formats.head, target: headTarget });
  const conversion = await Conversion.init({
    input,
    output: headOutput,
    trim: { start: cut, end: nextKey },
    showWarnings: false,
    copy: false,
    video: { forceTranscode: true, codec },
    audio: { discard: true },
  });
  if (!conversion.isValid || conversion.utilizedTracks.length !== 1) {
    return false;
  }
  signal?.throwIfAborted();
  await conversion.execute();
  const headBytes = headTarget.buffer;
  if (!headBytes) {
    return false;
  }
  const headInput = new Input({ source: new BufferSource(headBytes), formats: ALL_FORMATS });
  try {
    const headTrack = await headInput.getPrimaryVideoTrack();
    const headConfig = await headTrack?.getDecoderConfig();
    if (!headTrack || !headConfig || (await headTrack.getCodec()) !== codec) {
      return false;
    }
    const headPackets: EncodedPacket[] = [];
    for await (const p of new EncodedPacketSink(headTrack).packets()) {
      headPackets.push(p);
    }
    const wantHead = index.timestamps.filter((t) => t >= cut && t < nextKey).length;
    if (headPackets.length !== wantHead || headPackets[0]?.type !== 'key') {
      return false;
    }

    let meta: EncodedVideoChunkMetadata = { decoderConfig: headConfig };
    let headParams: ReturnType<typeof parseAvcC> = null;
    let sourceParams: ReturnType<typeof parseAvcC> = null;
    if (codec === 'avc') {
      const h = asBytes(headConfig.description);
      const s = asBytes(sourceConfig.description);
      headParams = h && parseAvcC(h);
      sourceParams = s && parseAvcC(s);
      if (!headParams || !sourceParams || headParams.lengthSize !== sourceParams.lengthSize) {
        return false;
      }
      // avc3: parameter sets may change in band (at each IDR); keep the head's record as the initial one.
      meta = { decoderConfig: { ...headConfig, codec: headConfig.codec.replace(/^avc1/, 'avc3') } };
    }

    const sourceSink = new EncodedPacketSink(track);
    const keyPacket = await sourceSink.getKeyPacket(nextKey, { verifyKeyPackets: true });
    if (!keyPacket || keyPacket.timestamp !== nextKey) {
      return false;
    }

    // 2. Mux: re-encoded head, copied tail, copied audio, interleaved by time.
    const output = new Output({ format: formats.final, target: pending.target });
    const video = new EncodedVideoPacketSource(codec);
    output.addVideoTrack(video, { rotation: await track.getRotation() });
    const audioTrack = await input.getPrimaryAudioTrack();
    const audioCodec = audioTrack ? await audioTrack.getCodec() : null;
    const audio = audioTrack && audioCodec ? new EncodedAudioPacketSource(audioCodec) : null;
    const audioConfig = audioTrack ? await audioTrack.getDecoderConfig() : null;
    if (audio) {
      output.addAudioTrack(audio);
    }
    try {
      await output.start();
      async function* videoPackets(): AsyncGenerator<EncodedPacket> {
        for (const p of headPackets) {
          yield p.type === 'key' && headParams ? p.clone({ data: withParameterSets(p.data, headParams) }) : p;
        }
        for await (const p of sourceSink.packets(keyPacket ?? undefined, undefined, {
          verifyKeyPackets: true,
        })) {
          const data = p.type === 'key' && sourceParams ? withParameterSets(p.data, sourceParams) : p.data;
          yield p.clone({ data, timestamp: p.timestamp - cut });
        }
      }
      async function* audioPackets(): AsyncGenerator<EncodedPacket> {
        if (!audioTrack) {
          return;
        }
        const sink = new EncodedPacketSink(audioTrack);
        let first = await sink.getPacket(cut);
        if (first && first.timestamp < cut) {
          first = await sink.getNextPacket(first);
        }
        if (!first) {
          return;
        }
        for await (const p of sink.packets(first)) {
          yield p.clone({ timestamp: p.timestamp - cut });
        }
      }
      const v = videoPackets();
      const a = audioPackets();
      let nv = await v.next();
      let na = await a.next();
      let firstVideo = true;
      let firstAudio = true;
      while (!nv.done || !na.done) {
        signal?.throwIfAborted();
        // Video is in decode order (timestamps not monotonic); compare against audio time roughly, which only
        // affects interleaving, not correctness.
        if (!nv.done && (na.done || nv.value.timestamp <= na.value.timestamp)) {
          await video.add(nv.value, firstVideo ? meta : undefined);
          firstVideo = false;
          nv = await v.next();
        } else if (!na.done && audio) {
          await audio.add(na.value, firstAudio && audioConfig ? { decoderConfig: audioConfig } : undefined);
          firstAudio = false;
          na = await a.next();
        } else {
          na = await a.next();
        }
      }
      video.close();
      audio?.close();
      await output.finalize();
      return true;
    } catch (err) {
      if (output.state !== 'canceled' && output.state !== 'finalized') {
        await output.cancel().catch(() => undefined);
      }
      throw err;
    }
  } finally {
    headInput.dispose();
  }
}
