import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DownloadProgress } from '@nextevent/dataset';
import { downloadV1Dataset } from '@nextevent/dataset/node';
import { startFakeHub, type FakeFile, type FakeHub } from './helpers/fake-hub.js';
import { makeTarGz } from './helpers/tar.js';

let work: string;
let hub: FakeHub | undefined;
beforeEach(() => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-abort-'));
});
afterEach(async () => {
  await hub?.close();
  hub = undefined;
  rmSync(work, { recursive: true, force: true });
});

const big = Buffer.from(Uint8Array.from({ length: 1_000_000 }, (_, i) => (i * 7919) % 251));

async function files(): Promise<FakeFile[]> {
  return [
    { path: 'next_event_prediction.json', content: Buffer.from('[]') },
    {
      path: 'video_data_part0.tar.gz',
      lfs: true,
      content: await makeTarGz(
        Array.from({ length: 40 }, (_, i) => ({
          name: `video_dataset/c${i}.mp4`,
          content: big.subarray(0, 50_000),
        })),
      ),
    },
    {
      path: 'first_segment_video_data_part0.tar.gz',
      lfs: true,
      content: await makeTarGz([{ name: 'x.bin', content: big }]),
    },
  ];
}

/** Aborts with `reason` at the first progress report that `when` accepts. */
function abortWhen(when: (p: DownloadProgress) => boolean, reason: unknown) {
  const controller = new AbortController();
  return {
    signal: controller.signal,
    onProgress: (p: DownloadProgress) => {
      if (when(p)) {
        controller.abort(reason);
      }
    },
  };
}

describe('downloadV1Dataset rejects with signal.reason', () => {
  it('when the signal is already aborted (nothing requested)', async () => {
    hub = await startFakeHub(await files());
    const reason = new Error('stopped before start');
    const err = await downloadV1Dataset({
      dest: join(work, 'V1-33K'),
      parts: [0],
      hubUrl: hub.url,
      signal: AbortSignal.abort(reason),
    }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(hub.requests).toEqual([]);
  });

  it('when aborted during a download (the partial file is kept for resuming)', async () => {
    hub = await startFakeHub(await files());
    const reason = new Error('SIGINT');
    const dest = join(work, 'V1-33K');
    const err = await downloadV1Dataset({
      dest,
      parts: [0],
      hubUrl: hub.url,
      ...abortWhen(
        (p) => p.phase === 'download' && p.file === 'first_segment_video_data_part0.tar.gz',
        reason,
      ),
    }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(readdirSync(dest)).toContain('first_segment_video_data_part0.tar.gz.incomplete');
  });

  it('when aborted during an extraction (no marker, folder as it was)', async () => {
    hub = await startFakeHub(await files());
    const reason = { why: 'user stop' };
    const dest = join(work, 'V1-33K');
    const err = await downloadV1Dataset({
      dest,
      parts: [0],
      hubUrl: hub.url,
      ...abortWhen((p) => p.phase === 'extract' && p.message === 'video_dataset/c0.mp4', reason),
    }).catch((e: unknown) => e);
    expect(err).toBe(reason);
    expect(existsSync(join(dest, '.extracted'))).toBe(false);
    expect(existsSync(join(dest, 'video_dataset'))).toBe(false);
  });
});
