import { addUsage, NO_USAGE, type TokenUsage } from './llm-client.js';
import { STAGES, type AttemptFailure, type FailureReason, type StageName } from './stage-error.js';

/** Per-stage counters. */
export interface StageCounts {
  /** Computed in this run. */
  ok: number;
  /** Taken from the cache (`--resume`). */
  cached: number;
  /** Gave up on this video. */
  failed: number;
}

/** A video that produced no record because a stage failed, with the raw model answers. */
export interface CurationFailure {
  /** The video's path relative to the input folder. */
  video: string;
  stage: StageName;
  reason: FailureReason;
  message: string;
  /** The last raw answer, when there was one. */
  raw?: string;
  attempts: readonly AttemptFailure[];
}

/** What a curation run did: written to `curation_report.json` next to the dataset. */
export interface CurationReport {
  /** Videos found in the input folder. */
  videos: number;
  /** Records written to `next_event_prediction.json` (all of them, from this and earlier runs). */
  records: number;
  stages: Record<StageName, StageCounts>;
  /** Videos without a record, by reason: `unsuitable`, or `<stage>:<failure reason>`. */
  dropped: Record<string, number>;
  failures: CurationFailure[];
  /** Tokens spent in this run (cached stages cost nothing), in total, per stage and per model. */
  usage: { total: TokenUsage; byStage: Record<StageName, TokenUsage>; byModel: Record<string, TokenUsage> };
  /** Critique verdicts among the records. */
  conclusions: { right: number; wrong: number };
  /** Accepted JSON answers that needed a repair (code fence, trailing comma, …). */
  repairedAnswers: number;
  /** Splits moved onto a detected scene cut. */
  snappedSplits: number;
  startedAt: string;
  finishedAt: string;
  /** True when the run was cancelled before every video was processed. */
  aborted: boolean;
}

/** A report with every counter at zero. */
export function emptyReport(videos: number, startedAt: Date = new Date()): CurationReport {
  const perStage = <T>(make: () => T): Record<StageName, T> =>
    Object.fromEntries(STAGES.map((s) => [s, make()])) as Record<StageName, T>;
  return {
    videos,
    records: 0,
    stages: perStage(() => ({ ok: 0, cached: 0, failed: 0 })),
    dropped: {},
    failures: [],
    usage: { total: NO_USAGE, byStage: perStage(() => NO_USAGE), byModel: {} },
    conclusions: { right: 0, wrong: 0 },
    repairedAnswers: 0,
    snappedSplits: 0,
    startedAt: startedAt.toISOString(),
    finishedAt: startedAt.toISOString(),
    aborted: false,
  };
}

/** Adds tokens spent by `model` on `stage`. */
export function recordUsage(
  report: CurationReport,
  stage: StageName,
  model: string,
  usage: TokenUsage,
): void {
  report.usage.total = addUsage(report.usage.total, usage);
  report.usage.byStage[stage] = addUsage(report.usage.byStage[stage], usage);
  report.usage.byModel[model] = addUsage(report.usage.byModel[model] ?? NO_USAGE, usage);
}

/** Counts a dropped video. */
export function recordDrop(report: CurationReport, reason: string): void {
  report.dropped[reason] = (report.dropped[reason] ?? 0) + 1;
}

/** A few lines for a terminal: per-stage counts, drops and tokens. */
export function formatReport(report: CurationReport): string {
  const lines = [
    `${report.records} record(s) from ${report.videos} video(s)${report.aborted ? ' (aborted)' : ''}`,
  ];
  for (const s of STAGES) {
    const c = report.stages[s];
    lines.push(`  ${s.padEnd(13)} ok ${c.ok}  cached ${c.cached}  failed ${c.failed}`);
  }
  const drops = Object.entries(report.dropped);
  if (drops.length > 0) {
    lines.push(`  dropped: ${drops.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  const t = report.usage.total;
  lines.push(`  tokens: ${t.promptTokens} prompt + ${t.completionTokens} completion`);
  lines.push(`  critique: ${report.conclusions.right} right, ${report.conclusions.wrong} wrong`);
  return `${lines.join('\n')}\n`;
}
