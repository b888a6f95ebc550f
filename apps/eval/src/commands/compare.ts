import { readFile } from 'node:fs/promises';
import { compareRuns, type ComparableRecord, type RunDelta } from '@nextevent/futurebench';
import { EXIT, UsageError, type CommandSpec } from '../command.js';
import { locateSamplesFile } from '../eval/locate-run.js';
import { rescoreSamples, type ScoringFamily } from '../eval/rescore.js';
import { intFlag } from '../parse-flags.js';
import { BOOTSTRAP_OPTIONS } from '../bootstrap-options.js';

interface CompareFlags {
  task?: string;
  bootstrap: number;
  seed: number;
  flipped: number;
  json?: boolean;
}

const pct = (x: number): string => x.toFixed(2);
const signed = (x: number): string => `${x >= 0 ? '+' : ''}${x.toFixed(2)}`;
const pv = (x: number): string => (x < 0.001 ? x.toExponential(1) : x.toFixed(3));

function table(rows: [string, RunDelta][]): string {
  const head = ['group', 'n', 'A %', 'B %', 'Δ pts', '95% CI', 'p boot', 'p McNemar', '+', '-'];
  const body = rows.map(([g, d]) => [
    g,
    String(d.n),
    pct(d.a),
    pct(d.b),
    signed(d.delta),
    `[${signed(d.lower)}, ${signed(d.upper)}]`,
    pv(d.pBootstrap),
    pv(d.pMcNemar),
    String(d.gained),
    String(d.lost),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string =>
    r.map((c, i) => (i === 0 ? c.padEnd(w[i] ?? 0) : c.padStart(w[i] ?? 0))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}

/** `nextevent compare`: paired comparison of two runs of the same benchmark. */
export const compareCommand: CommandSpec = {
  name: 'compare',
  summary: 'Compare two runs question by question: per-hop deltas, paired bootstrap CI and p-values, flips.',
  description:
    'Compare two runs of the same benchmark question by question (paired on the doc id): accuracy deltas ' +
    'overall and per hop with paired-bootstrap intervals and p-values, exact McNemar p-values, and the ' +
    'questions that flipped. A run is a samples .jsonl, a `*_results.json` (its sibling samples file) or an ' +
    'output folder (its newest samples file). Both runs are re-scored with the reference extractor.',
  arguments: [
    { name: 'runA', description: 'Baseline run.' },
    { name: 'runB', description: 'Candidate run.' },
  ],
  options: [
    { flags: '--task <lmms-task>', description: "Pick this task's samples in a folder (e.g. futurebench)." },
    ...BOOTSTRAP_OPTIONS,
    {
      flags: '--flipped <n>',
      description: 'List at most N flipped questions.',
      default: 20,
      parse: intFlag('--flipped', 0),
    },
    { flags: '--json', description: 'Print the full comparison as JSON on stdout.' },
  ],
  async run({ args, options, io }) {
    const f = options as unknown as CompareFlags;
    const load = async (
      p: string,
    ): Promise<{ file: string; family: ScoringFamily; records: ComparableRecord[] }> => {
      const file = await locateSamplesFile(p, f.task);
      const { family, samples } = rescoreSamples(await readFile(file, 'utf8'), file);
      return { file, family, records: samples.map((s) => s.record as unknown as ComparableRecord) };
    };
    const a = await load(args[0] ?? '');
    const b = await load(args[1] ?? '');
    if (a.family !== b.family) {
      throw new UsageError(`the runs are different benchmarks (${a.family} vs ${b.family})`);
    }
    const cmp = compareRuns(a.records, b.records, { iterations: f.bootstrap, seed: f.seed });
    if (f.json) {
      io.stdout(`${JSON.stringify({ a: a.file, b: b.file, task: a.family, ...cmp })}\n`);
      return EXIT.ok;
    }
    const rows: [string, RunDelta][] = [['overall', cmp.overall]];
    for (const [t, d] of Object.entries(cmp.byType)) {
      if (d.n > 0) {
        rows.push([t, d]);
      }
    }
    const out = [`A: ${a.file}`, `B: ${b.file}`, table(rows)];
    if (cmp.onlyInA.length || cmp.onlyInB.length) {
      out.push(`not paired: ${cmp.onlyInA.length} only in A, ${cmp.onlyInB.length} only in B`);
    }
    if (cmp.flipped.length > 0 && f.flipped > 0) {
      out.push(`flipped (${cmp.flipped.length}):`);
      for (const q of cmp.flipped.slice(0, f.flipped)) {
        out.push(
          `  ${q.change === 'gained' ? '+' : '-'} ${q.video_id}${q.question_type ? ` (${q.question_type})` : ''}: answer ${q.answer}, A ${q.a || '∅'}, B ${q.b || '∅'}`,
        );
      }
      if (cmp.flipped.length > f.flipped) {
        out.push(`  … ${cmp.flipped.length - f.flipped} more (--flipped N or --json)`);
      }
    }
    io.stdout(`${out.join('\n')}\n`);
    return EXIT.ok;
  },
};
