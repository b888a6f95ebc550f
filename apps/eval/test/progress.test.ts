import { describe, expect, it } from 'vitest';
import { createProgress, formatDuration } from '../src/eval/progress.js';

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe('progress', () => {
  it('formats durations', () => {
    expect([
      formatDuration(7.4),
      formatDuration(125),
      formatDuration(3723),
      formatDuration(Infinity),
    ]).toEqual(['7s', '2m05s', '1h02m03s', '?']);
  });

  it('redraws one bar with rate and ETA on a TTY, and keeps it below logged lines', () => {
    let out = '';
    const c = clock();
    const p = createProgress({ write: (s) => (out += s), isTTY: true, now: c.now, width: 10, label: 'fb' });
    p.update({ done: 0, total: 10, failed: 0, retries: 0 });
    c.advance(4000);
    p.update({ done: 4, total: 10, failed: 1, retries: 2 });
    // 4 done in 4 s = 1/s, 6 left → ETA 6 s; bar 4 of 10 cells.
    expect(out.endsWith('\r\x1b[2Kfb ████░░░░░░ 4/10 40% 1.00/s ETA 6s failed 1 retries 2')).toBe(true);
    const before = out;
    p.update({ done: 5, total: 10, failed: 1, retries: 2 }); // 0 ms later: not redrawn
    expect(out).toBe(before);
    p.log('doc 3 failed');
    expect(
      out.endsWith('\r\x1b[2Kdoc 3 failed\nfb ████░░░░░░ 4/10 40% 1.00/s ETA 6s failed 1 retries 2'),
    ).toBe(true);
    p.finish();
    expect(out.endsWith('\n')).toBe(true);
  });

  it('prints plain lines at most every interval (and the last) off a TTY; the rate excludes resumed samples', () => {
    const lines: string[] = [];
    const c = clock();
    const p = createProgress({
      write: (s) => lines.push(s),
      isTTY: false,
      now: c.now,
      startDone: 5,
      plainIntervalMs: 1000,
    });
    p.update({ done: 5, total: 15, failed: 0, retries: 0 });
    c.advance(500);
    p.update({ done: 6, total: 15, failed: 0, retries: 0 });
    c.advance(1500);
    p.update({ done: 9, total: 15, failed: 0, retries: 0 });
    c.advance(10);
    p.update({ done: 15, total: 15, failed: 0, retries: 0 });
    expect(lines).toEqual([
      'eval: 5/15 (33%) 0.00/s ETA ?\n',
      'eval: 9/15 (60%) 2.00/s ETA 3s\n',
      'eval: 15/15 (100%) 4.98/s ETA 0s\n',
    ]);
  });

  it('begin() restarts the clock and leaves the resumed samples out of the rate', () => {
    const lines: string[] = [];
    const c = clock();
    const p = createProgress({ write: (s) => lines.push(s), isTTY: false, now: c.now, plainIntervalMs: 0 });
    c.advance(5000); // loading and checking data before the loop knows how many samples were resumed
    p.begin(16);
    p.update({ done: 16, total: 40, failed: 0, retries: 0 });
    c.advance(2000);
    p.update({ done: 20, total: 40, failed: 0, retries: 0 });
    expect(lines).toEqual(['eval: 16/40 (40%) 0.00/s ETA ?\n', 'eval: 20/40 (50%) 2.00/s ETA 10s\n']);
  });
});
