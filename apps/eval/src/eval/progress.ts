/**
 * Progress output on stderr: a redrawn bar with rate and ETA on a terminal, plain lines (at most one every
 * `plainIntervalMs`, plus the last) otherwise, so logs stay readable.
 */

/** Counters shown by the progress output. */
export interface ProgressState {
  done: number;
  total: number;
  failed: number;
  retries: number;
}

/** Receives progress updates. */
export interface ProgressReporter {
  update(state: ProgressState): void;
  /**
   * Starts the clock of the rate and ETA now, with `done` samples already finished (a resumed run's), which the
   * rate then leaves out. Call it once the resumed count is known, before the first `update`.
   */
  begin(done: number): void;
  /** Prints a message without breaking the bar. */
  log(message: string): void;
  /** Ends the bar (newline on a TTY). */
  finish(): void;
}

/** Formats seconds as `1h02m03s`, `2m05s` or `7s`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) {
    return '?';
  }
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) {
    return `${h}h${String(m).padStart(2, '0')}m${String(sec).padStart(2, '0')}s`;
  }
  return m > 0 ? `${m}m${String(sec).padStart(2, '0')}s` : `${sec}s`;
}

/** Creates the reporter. `startDone` is how many samples a resumed run already had (excluded from the rate). */
export function createProgress(options: {
  write: (text: string) => void;
  isTTY: boolean;
  startDone?: number;
  label?: string;
  plainIntervalMs?: number;
  now?: () => number;
  width?: number;
}): ProgressReporter {
  const now = options.now ?? Date.now;
  let started = now();
  let startDone = options.startDone ?? 0;
  const label = options.label ?? 'eval';
  const interval = options.plainIntervalMs ?? 10_000;
  const width = options.width ?? 24;
  let lastPlain = -Infinity;
  let lastDraw = -Infinity;
  let lastLine = '';
  let drawn = false;

  const describe = (st: ProgressState): { pct: string; rate: string; eta: string; tail: string } => {
    const elapsed = (now() - started) / 1000;
    const newDone = st.done - startDone;
    const rate = elapsed > 0 ? newDone / elapsed : 0;
    const remaining = st.total - st.done;
    const eta = rate > 0 ? formatDuration(remaining / rate) : '?';
    const pct = st.total > 0 ? ((100 * st.done) / st.total).toFixed(0) : '100';
    const tail = `${st.failed ? ` failed ${st.failed}` : ''}${st.retries ? ` retries ${st.retries}` : ''}`;
    return { pct, rate: rate.toFixed(2), eta, tail };
  };

  return {
    begin(done) {
      started = now();
      startDone = done;
    },
    update(st) {
      const d = describe(st);
      if (options.isTTY) {
        // At most ~10 redraws a second (every sample and every retry calls update), but always the last one.
        const t = now();
        if (t - lastDraw < 100 && st.done !== st.total) {
          return;
        }
        lastDraw = t;
        const filled = st.total > 0 ? Math.round((width * st.done) / st.total) : width;
        const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
        lastLine = `${label} ${bar} ${st.done}/${st.total} ${d.pct}% ${d.rate}/s ETA ${d.eta}${d.tail}`;
        options.write(`\r\x1b[2K${lastLine}`);
        drawn = true;
        return;
      }
      const t = now();
      if (t - lastPlain >= interval || st.done === st.total) {
        lastPlain = t;
        options.write(`${label}: ${st.done}/${st.total} (${d.pct}%) ${d.rate}/s ETA ${d.eta}${d.tail}\n`);
      }
    },
    log(message) {
      if (options.isTTY && drawn) {
        options.write(`\r\x1b[2K${message}\n${lastLine}`);
      } else {
        options.write(`${message}\n`);
      }
    },
    finish() {
      if (options.isTTY && drawn) {
        options.write('\n');
      }
      drawn = false;
    },
  };
}
