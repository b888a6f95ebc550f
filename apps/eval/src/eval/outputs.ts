/**
 * Scores finished samples with @nextevent/futurebench (the reference `process_results` / aggregation) and writes
 * lmms-eval's files: `{out}/{model_sanitized}/{date}_samples_{task}.jsonl` and `{date}_results.json`.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  aggregate,
  bootstrapCI,
  createResultsJson,
  createSampleLine,
  scoreSample,
  writeResultsJson,
  writeSamplesJsonl,
  type AggregateResult,
  type BootstrapResult,
  type FutureBenchScoreDoc,
  type SeedBenchR1ScoreDoc,
} from '@nextevent/futurebench';
import type { FailedSample, FailurePolicy, FinishedSample } from './run-eval.js';
import { writeFileAtomic } from './run-eval.js';
import type { GroupAccuracy, RunSummary } from './summary.js';
import type { EvalTask } from './task.js';

/** The scoring family of a task (`futurebench` or `seedbench-r1`). */
export function scoringTask(task: { name: string }): 'futurebench' | 'seedbench-r1' {
  return task.name === 'futurebench' ? 'futurebench' : 'seedbench-r1';
}

/**
 * lmms-eval's `model_name_sanitized`: the last two `/`-parts of the model name, each run of `"<>:/|\?*[]`
 * replaced by `__` (so `/path/to/model/` gives `model__`, as in lmms-eval).
 */
export function sanitizeModelName(name: string): string {
  return name
    .split('/')
    .slice(-2)
    .join('/')
    .replace(/["<>:/|\\?*[\]]+/g, '__');
}

/** `YYYYMMDD_HHMMSS` in UTC, lmms-eval's file-name timestamp. */
export function lmmsDate(d: Date = new Date()): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

/** Accuracy groups (overall, then each hop) from an aggregate and its bootstrap intervals. */
export function summaryGroups(agg: AggregateResult, ci: BootstrapResult | undefined): GroupAccuracy[] {
  const level = ci?.confidence ?? 0.95;
  const group = (
    name: string,
    n: number,
    correct: number,
    acc: number,
    c?: { lower: number; upper: number },
  ) => {
    const g: GroupAccuracy = { group: name, n, correct, accuracy: acc };
    if (c && Number.isFinite(c.lower)) {
      g.ci = { low: c.lower, high: c.upper, level };
    }
    return g;
  };
  const out = [group('overall', agg.counts.total, agg.counts.correct, agg.overall, ci?.overall)];
  for (const [type, acc] of Object.entries(agg.byType)) {
    const counts = agg.counts.byType[type] ?? { correct: 0, total: 0 };
    if (counts.total > 0) {
      out.push(group(type, counts.total, counts.correct, acc, ci?.byType[type]));
    }
  }
  return out;
}

/** Scores `samples` with the reference `process_results` of the task. */
export function scoreFinished(task: EvalTask, samples: readonly FinishedSample[]): Record<string, unknown>[] {
  const fam = scoringTask(task);
  return samples.map((s) =>
    fam === 'futurebench'
      ? { ...scoreSample(s.doc as FutureBenchScoreDoc, s.response, { reasoning: task.reasoning }) }
      : {
          ...scoreSample(s.doc as SeedBenchR1ScoreDoc, s.response, {
            task: 'seedbench-r1',
            reasoning: task.reasoning,
          }),
        },
  );
}

/** Inputs of {@link writeRunOutputs}. */
export interface WriteOutputsInput {
  task: EvalTask;
  samples: readonly FinishedSample[];
  failures: readonly FailedSample[];
  failurePolicy: FailurePolicy;
  outDir: string;
  backendName: string;
  modelName: string;
  modelArgs: string;
  generationKwargs: Record<string, unknown>;
  bootstrap: { iterations: number; seed: number };
  startTime: number;
  endTime: number;
  date?: Date;
}

/** What {@link writeRunOutputs} wrote and computed. */
export interface WrittenOutputs {
  resultsPath: string;
  samplesPath: string;
  aggregate: AggregateResult;
  ci: BootstrapResult;
  summary: RunSummary;
}

/** Scores, aggregates, bootstraps and writes both lmms-eval files (atomically). */
export async function writeRunOutputs(input: WriteOutputsInput): Promise<WrittenOutputs> {
  const { task } = input;
  const fam = scoringTask(task);
  const records = scoreFinished(task, input.samples);
  const agg = aggregate(records, { task: fam });
  const ci = bootstrapCI(records, { ...input.bootstrap, task: fam });
  const lines = await Promise.all(
    input.samples.map((s, i) =>
      createSampleLine({
        docId: s.docId,
        doc: s.doc as Record<string, unknown>,
        target: s.target,
        prompt: s.prompt,
        response: s.response,
        metrics: { [task.metric]: records[i] },
      }),
    ),
  );
  const date = lmmsDate(input.date);
  const dir = join(input.outDir, sanitizeModelName(input.modelName));
  await mkdir(dir, { recursive: true });
  const samplesPath = join(dir, `${date}_samples_${task.lmmsName}.jsonl`);
  const resultsPath = join(dir, `${date}_results.json`);
  const groups = summaryGroups(agg, ci);
  const results = createResultsJson({
    task: task.lmmsName,
    metric: task.metric,
    aggregate: agg,
    model: input.backendName,
    modelArgs: input.modelArgs,
    date,
    generationKwargs: input.generationKwargs,
    extra: {
      model_source: input.backendName,
      model_name: input.modelName,
      model_name_sanitized: sanitizeModelName(input.modelName),
      start_time: input.startTime,
      end_time: input.endTime,
      total_evaluation_time_seconds: String(input.endTime - input.startTime),
      // nextevent additions: per-hop accuracy (lmms-eval only logs it), bootstrap CIs, failed requests.
      nextevent: {
        accuracy: groups,
        bootstrap: { iterations: ci.iterations, seed: ci.seed, confidence: ci.confidence },
        failure_policy: input.failurePolicy,
        failed_samples: input.failures,
      },
    },
  });
  await writeFileAtomic(samplesPath, writeSamplesJsonl(lines));
  await writeFileAtomic(resultsPath, writeResultsJson(results));
  return {
    resultsPath,
    samplesPath,
    aggregate: agg,
    ci,
    summary: {
      task: task.lmmsName,
      model: input.modelName,
      groups,
      failed: input.failures.length,
      failurePolicy: input.failurePolicy,
      resultsPath,
      samplesPath,
    },
  };
}
