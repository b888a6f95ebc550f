/**
 * Re-scoring an lmms-eval (or nextevent) samples file with @nextevent/futurebench: the answer is extracted again
 * from `filtered_resps[0]`, against the saved doc when the line has one (mirror format) or the saved metric's
 * fields otherwise (upstream's reduced lines).
 */
import {
  METRIC_NAMES,
  readSamplesJsonl,
  scoreSample,
  type FutureBenchScoreDoc,
  type LmmsSample,
} from '@nextevent/futurebench';
import { DataFileError } from './errors.js';

/** A task family as far as scoring is concerned. */
export type ScoringFamily = 'futurebench' | 'seedbench-r1';

/** The family a samples file belongs to, from its metric key. */
export function detectFamily(samples: readonly LmmsSample[], file: string): ScoringFamily {
  const first = samples[0];
  if (first === undefined) {
    throw new DataFileError(`${file}: no samples`);
  }
  if (METRIC_NAMES.futurebench in first.metrics) {
    return 'futurebench';
  }
  if (METRIC_NAMES['seedbench-r1'] in first.metrics) {
    return 'seedbench-r1';
  }
  throw new DataFileError(
    `${file}: neither "future_acc" nor "seedbench_r1_acc" in line ${first.lineNumber}; pass --task`,
  );
}

/** One re-scored sample. */
export interface RescoredSample {
  docId: number;
  record: Record<string, unknown>;
  /** The metric value stored in the file. */
  stored: Record<string, unknown> | undefined;
}

const obj = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Reads and re-scores a samples file. */
export function rescoreSamples(
  text: string,
  file: string,
  family?: ScoringFamily,
  options: { reasoning?: boolean } = {},
): { family: ScoringFamily; samples: RescoredSample[] } {
  const samples = readSamplesJsonl(text);
  const fam = family ?? detectFamily(samples, file);
  const metric = METRIC_NAMES[fam];
  const reasoning = options.reasoning === true;
  const out = samples.map((s): RescoredSample => {
    const stored = obj(s.metrics[metric]);
    const response = s.filteredResps[0] ?? '';
    let record: Record<string, unknown>;
    if (fam === 'futurebench') {
      const d = s.doc as { id?: unknown; question_type?: unknown; qa?: unknown } | undefined;
      const doc =
        d && typeof d.id === 'string' && obj(d.qa)
          ? d
          : {
              id: stored?.video_id,
              question_type: stored?.question_type,
              qa: { Answer: stored?.answer ?? s.target },
            };
      record = { ...scoreSample(doc as FutureBenchScoreDoc, response, { reasoning }) };
    } else {
      const d = s.doc as { video_id?: unknown; golden_choice_idx?: unknown } | undefined;
      const doc =
        d && typeof d.video_id === 'string'
          ? d
          : { video_id: stored?.video_id, golden_choice_idx: stored?.answer ?? s.target };
      record = {
        ...scoreSample(doc as { video_id: string; golden_choice_idx: string }, response, {
          task: 'seedbench-r1',
          reasoning,
        }),
      };
    }
    return { docId: s.docId, record, stored };
  });
  return { family: fam, samples: out };
}
