import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHfHub, tarGz } from './helpers/fake-hf-hub.js';
import { runNextevent } from './helpers/buffer-io.js';

let work: string;
let hub: { url: string; close(): Promise<void> };
beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'nextevent-download-cli-'));
  hub = await startFakeHfHub({
    'next_event_prediction.json': Buffer.from('[]'),
    'video_data_part0.tar.gz': tarGz({ 'video_dataset/a/clip.mp4': 'full' }),
    'first_segment_video_data_part0.tar.gz': tarGz({ 'first_part_video/a/clip.mp4': 'first' }),
    'video_data_part1.tar.gz': tarGz({ 'video_dataset/b/clip.mp4': 'other' }),
  });
});
afterAll(async () => {
  await hub.close();
  rmSync(work, { recursive: true, force: true });
});

describe('nextevent download', () => {
  it('fetches and extracts --parts from the hub at HF_ENDPOINT, then skips what is done', async () => {
    const dest = join(work, 'V1-33K');
    const env = { HF_ENDPOINT: hub.url };
    const r = await runNextevent(['download', '--parts', '0-2', '--dest', dest], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'downloaded 4, already present 0, extracted 3, already extracted 0, not in the repository: ' +
        'video_data_part2.tar.gz, first_segment_video_data_part1.tar.gz, first_segment_video_data_part2.tar.gz\n',
    );
    expect(r.stderr).toContain('extract video_data_part0.tar.gz');
    expect(readFileSync(join(dest, 'video_dataset/a/clip.mp4'), 'utf8')).toBe('full');
    expect(readFileSync(join(dest, 'first_part_video/a/clip.mp4'), 'utf8')).toBe('first');
    expect(readFileSync(join(dest, 'video_dataset/b/clip.mp4'), 'utf8')).toBe('other');

    const again = await runNextevent(['download', '--parts', '0', '--dest', dest], env);
    expect(again.stdout).toBe('downloaded 0, already present 1, extracted 0, already extracted 2\n');
    expect(again.stderr).toContain(
      'next_event_prediction.json: already downloaded (size and sha256 match)\n',
    );
    expect(again.stderr).toContain('video_data_part0.tar.gz: already extracted\n');
  });

  it('--parts 1 leaves part 0 alone', async () => {
    const dest = join(work, 'only1');
    const r = await runNextevent(['download', '--parts', '1', '--dest', dest], { HF_ENDPOINT: hub.url });
    expect(r.code).toBe(0);
    expect(existsSync(join(dest, 'video_dataset/b/clip.mp4'))).toBe(true);
    expect(existsSync(join(dest, 'video_dataset/a'))).toBe(false);
  });

  it('rejects a bad --parts value as a usage error', async () => {
    const r = await runNextevent(['download', '--parts', '3-1'], { HF_ENDPOINT: hub.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ends before it starts');
  });

  it('rejects --parts outside 0-69 as a usage error, before any request', async () => {
    const dest = join(work, 'none');
    const r = await runNextevent(['download', '--parts', '68-99', '--dest', dest], { HF_ENDPOINT: hub.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'error: --parts: parts 70, 71, 72, 73, 74, … outside 0-69 (the archive parts of V1-33K)',
    );
    expect((await runNextevent(['download', '--parts', '99'], { HF_ENDPOINT: hub.url })).stderr).toContain(
      '--parts: part 99 outside 0-69',
    );
    expect(existsSync(dest)).toBe(false);
  });
});
