import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CodecUnavailableError, split } from '@nextevent/video';
import type * as Support from '../src/support.js';
import { clip, GENERATED } from './clips.js';

// Simulate an environment with neither WebCodecs nor @mediabunny/server.
vi.mock('../src/support.ts', async (importOriginal) => {
  const real = await importOriginal<typeof Support>();
  return { ...real, ensureCodecs: () => Promise.resolve(false) };
});

describe('split in exact mode without any encoder', () => {
  it('throws CodecUnavailableError naming what to install, and writes nothing', async () => {
    const dir = join(GENERATED, 'split', `no-codecs-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const err = await split(await clip('h264'), 2.5, {
      mode: 'exact',
      output: { past: join(dir, 'p.mp4'), future: join(dir, 'f.mp4') },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CodecUnavailableError);
    expect(String(err)).toMatchInlineSnapshot(
      `"CodecUnavailableError: exact split at 2.5 s needs to re-encode (the cut at 2.5 s is not on a keyframe): no video decoder/encoder in this Node process: install the optional dependency @mediabunny/server"`,
    );
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true });
  });
  it('copy mode still works', async () => {
    const r = await split(await clip('h264'), 2.5);
    expect(r.past.frames + r.future.frames).toBe(180);
  });
});
