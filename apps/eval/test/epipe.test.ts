import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exitQuietlyOnEpipe } from '../src/cli.js';
import { bundleChildCli } from './helpers/bundle-child.js';
import { FB_DATA } from './helpers/cli.js';

let childPath = '';
beforeAll(async () => {
  childPath = await bundleChildCli();
}, 60_000);
afterAll(() => {
  rmSync(dirname(childPath), { recursive: true, force: true });
});

describe('stdout closed by its reader (`nextevent validate … | head`)', () => {
  it('exits 0 without a stack trace', async () => {
    const child = spawn(process.execPath, [childPath, 'validate', FB_DATA], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Close the read end before the child writes: its first stdout write fails with EPIPE.
    child.stdout.destroy();
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('rethrows other stream errors', () => {
    const stream = new PassThrough();
    const exits: number[] = [];
    exitQuietlyOnEpipe(stream, (code) => exits.push(code));
    stream.emit('error', Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
    expect(exits).toEqual([0]);
    expect(() => stream.emit('error', Object.assign(new Error('boom'), { code: 'EIO' }))).toThrow('boom');
  });
});
