/** The human summary of a scored run: overall and per-group accuracy with bootstrap confidence intervals. */

/** Accuracy of one group of samples (percent). */
export interface GroupAccuracy {
  /** `overall`, a hop type (`hop1`…) or another group name. */
  group: string;
  n: number;
  correct: number;
  /** Percent, 0–100. */
  accuracy: number;
  /** Bootstrap percentile interval, percent. */
  ci?: { low: number; high: number; level: number };
}

/** Everything the summary shows. */
export interface RunSummary {
  task: string;
  model: string;
  groups: GroupAccuracy[];
  failed: number;
  failurePolicy: string;
  resultsPath?: string;
  samplesPath?: string;
}

const fmt = (x: number): string => x.toFixed(2);

/** Renders the summary as an aligned text table. */
export function formatSummary(s: RunSummary): string {
  const rows = s.groups.map((g) => [
    g.group,
    String(g.n),
    String(g.correct),
    fmt(g.accuracy),
    g.ci ? `[${fmt(g.ci.low)}, ${fmt(g.ci.high)}]` : '',
  ]);
  const level = s.groups.find((g) => g.ci)?.ci?.level;
  const header = ['group', 'n', 'correct', 'acc %', level ? `${Math.round(level * 100)}% CI` : 'CI'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ');
  const out = [`${s.task} · ${s.model}`, line(header), ...rows.map(line)];
  if (s.failed > 0) {
    out.push(
      `failed requests: ${s.failed} (${s.failurePolicy === 'wrong' ? 'scored as wrong' : 'excluded from scoring'})`,
    );
  }
  if (s.resultsPath) {
    out.push(`results: ${s.resultsPath}`);
  }
  if (s.samplesPath) {
    out.push(`samples: ${s.samplesPath}`);
  }
  return `${out.join('\n')}\n`;
}
