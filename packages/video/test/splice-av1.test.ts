// The AV1 sequence-header insertion of the exact-mode splice on its own: every AV1 file ffmpeg writes carries the
// sequence header in its key temporal units, so real splits never need it; ffmpeg's `filter_units` bitstream filter
// makes the file without them that the check needs.
import { join } from 'node:path';
import { ALL_FORMATS, EncodedPacketSink, FilePathSource, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { makeFfmpegClip } from '@nextevent/testing/ffmpeg-clips';
import { sequenceHeaderOf, withSequenceHeader } from '../src/splice.js';
import { clip, GENERATED } from './clips.js';

/** The key packets' data of the video track of `path`, in decode order. */
async function keyPackets(path: string): Promise<Uint8Array[]> {
  const input = new Input({ source: new FilePathSource(path), formats: ALL_FORMATS });
  try {
    const track = await input.getPrimaryVideoTrack();
    const out: Uint8Array[] = [];
    for await (const p of new EncodedPacketSink(track!).packets()) {
      if (p.type === 'key') {
        out.push(p.data);
      }
    }
    return out;
  } finally {
    input.dispose();
  }
}

describe('AV1 sequence header in band (exact-mode splice)', () => {
  it("restores the key temporal units ffmpeg's filter_units stripped of their sequence header", async () => {
    const src = await clip('av1Mkv');
    const stripped = await makeFfmpegClip(join(GENERATED, 'av1-no-sequence-header.mkv'), [
      '-i', src, '-map', '0:v', '-c', 'copy', '-bsf:v', 'filter_units=remove_types=1',
    ]); // prettier-ignore
    const [withSeq, without] = await Promise.all([keyPackets(src), keyPackets(stripped)]);
    expect(withSeq.length).toBe(3);
    expect(without.length).toBe(withSeq.length);
    const seq = sequenceHeaderOf(withSeq[0]!);
    expect(seq).not.toBeNull();
    withSeq.forEach((original, i) => {
      const bare = without[i]!;
      expect(sequenceHeaderOf(bare)).toBeNull();
      expect(bare.length).toBeLessThan(original.length);
      expect(withSequenceHeader(bare, seq!)).toEqual(original);
      // A key temporal unit that has one is left alone.
      expect(withSequenceHeader(original, seq!)).toBe(original);
    });
  });
});
