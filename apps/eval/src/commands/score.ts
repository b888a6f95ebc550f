import { readFile } from 'node:fs/promises';
import { aggregate, bootstrapCI } from '@nextevent/futurebench';
import { EXIT, type CommandSpec } from '../command.js';
import { summaryGroups } from '../eval/outputs.js';
import { rescoreSamples, type ScoringFamily } from '../eval/rescore.js';
import { formatSummary } from '../eval/summary.js';
import { BOOTSTRAP_OPTIONS } from '../bootstrap-options.js';

interface ScoreFlags {
  task?: ScoringFamily;
  reasoning?: boolean;
  bootstrap: number;
  seed: number;
  json?: boolean;
}

/** `nextevent score`: re-score a samples file (lmms-eval's or ours) with the reference extraction. */
export const scoreCommand: CommandSpec = {
  name: 'score',
  summary:
    'Re-score an lmms-eval or nextevent `*_samples_<task>.jsonl`: overall and per-hop accuracy with CIs.',
  description:
    'Re-score an lmms-eval (mirror v0.3.0 or upstream) or nextevent samples file: the answer is extracted again ' +
    'from filtered_resps with the reference extractor (@nextevent/futurebench) and aggregated exactly like ' +
    'lmms-eval, plus per-hop accuracy and bootstrap confidence intervals. Reports how many stored metric values ' +
    'differ from the re-scored ones.',
  arguments: [{ name: 'samples', description: 'A `*_samples_<task>.jsonl` file.' }],
  options: [
    {
      flags: '--task <family>',
      description: 'Scoring family (default: detected from the metric key).',
      choices: ['futurebench', 'seedbench-r1'],
    },
    { flags: '--reasoning', description: 'Extract from <answer>…</answer> (the reasoning prompt variant).' },
    ...BOOTSTRAP_OPTIONS,
    { flags: '--json', description: 'Print one JSON object on stdout.' },
  ],
  async run({ args, options, io }) {
    const f = options as unknown as ScoreFlags;
    const file = args[0] ?? '';
    const { family, samples } = rescoreSamples(await readFile(file, 'utf8'), file, f.task, {
      reasoning: f.reasoning === true,
    });
    const records = samples.map((s) => s.record);
    const agg = aggregate(records, { task: family });
    const ci = bootstrapCI(records, { iterations: f.bootstrap, seed: f.seed, task: family });
    const changed = samples.filter(
      (s) =>
        s.stored !== undefined &&
        (s.stored.pred_answer !== s.record.pred_answer || s.stored.answer !== s.record.answer),
    );
    const groups = summaryGroups(agg, ci);
    if (f.json) {
      io.stdout(
        `${JSON.stringify({
          file,
          task: family,
          overall: agg.overall,
          accuracy: groups,
          changed: changed.map((s) => ({ doc_id: s.docId, stored: s.stored, rescored: s.record })),
        })}\n`,
      );
    } else {
      io.stdout(formatSummary({ task: family, model: file, groups, failed: 0, failurePolicy: 'fail' }));
      io.stdout(
        changed.length === 0
          ? 'stored metric values: all agree with the re-scored ones\n'
          : `stored metric values: ${changed.length} differ from the re-scored ones (doc_id ${changed
              .slice(0, 20)
              .map((s) => s.docId)
              .join(', ')}${changed.length > 20 ? ', …' : ''})\n`,
      );
    }
    return EXIT.ok;
  },
};
