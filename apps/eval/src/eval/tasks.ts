/**
 * The benchmark tasks `nextevent eval` runs, reading, prompting and targeting docs through
 * @nextevent/futurebench (the same code that scores them) and locating media like lmms-eval.
 */
import {
  DIRECT_PROMPT_KWARGS,
  REASONING_PROMPT_KWARGS,
  buildPrompt,
  docToTarget,
  parseFutureBenchDocs,
  parseSeedBenchR1Docs,
  type FutureBenchDoc,
  type SeedBenchR1Doc,
} from '@nextevent/futurebench';
import { DataFileError } from './errors.js';
import { futurebenchVideoPath, seedbenchMedia } from './resolve-media.js';
import type { EvalTask, TaskName } from './task.js';

/** Parses a data file: a JSON array, or JSON Lines (one doc per line). */
export function parseJsonOrJsonl(text: string, what: string): unknown {
  const trimmed = text.trimStart().replace(/^\uFEFF/, '');
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed) as unknown;
    } catch (err) {
      throw new DataFileError(`${what}: not valid JSON (${(err as Error).message})`);
    }
  }
  const docs: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line === '') {
      continue;
    }
    try {
      docs.push(JSON.parse(line));
    } catch (err) {
      throw new DataFileError(
        `${what}:${i + 1}: not a JSON array, and this line is not JSON (${(err as Error).message})`,
      );
    }
  }
  return docs;
}

/**
 * The prompt variant: `direct` is the task yamls' active setting (answer with the letter); `reasoning` is their
 * commented-out R1 variant (`<think>`/`<answer>` instruction, scored from `<answer>…</answer>`).
 */
export type PromptVariant = 'direct' | 'reasoning';

const kwargsOf = (variant: PromptVariant) =>
  variant === 'reasoning' ? REASONING_PROMPT_KWARGS : DIRECT_PROMPT_KWARGS;

function futurebench(variant: PromptVariant): EvalTask<FutureBenchDoc> {
  return {
    name: 'futurebench',
    lmmsName: 'futurebench',
    metric: 'future_acc',
    reasoning: variant === 'reasoning',
    parseDocs: (text) => parseFutureBenchDocs(parseJsonOrJsonl(text, 'FutureBench data')),
    docKey: (doc) => doc.id,
    media: (doc, root) => ({ video: futurebenchVideoPath(doc.video_path, root) }),
    prompt: (doc) => buildPrompt(doc, { task: 'futurebench', promptKwargs: kwargsOf(variant) }),
    target: (doc) => String(docToTarget(doc, { task: 'futurebench' })),
  };
}

function seedbench(level: 1 | 2 | 3, variant: PromptVariant): EvalTask<SeedBenchR1Doc> {
  return {
    reasoning: variant === 'reasoning',
    name: `seedbench-r1-l${level}`,
    lmmsName: `seedbench_r1_l${level}`,
    metric: 'seedbench_r1_acc',
    parseDocs: (text) => parseSeedBenchR1Docs(parseJsonOrJsonl(text, 'SEED-Bench-R1 data')),
    docKey: (doc) => doc.video_id,
    media: (doc, root) => seedbenchMedia(doc, root),
    prompt: (doc) => buildPrompt(doc, { task: 'seedbench-r1', promptKwargs: kwargsOf(variant) }),
    target: (doc) => String(docToTarget(doc, { task: 'seedbench-r1' })),
  };
}

/** The task behind a `--task` value, with the `--prompt` variant (default `direct`). */
export function getTask(name: TaskName, variant: PromptVariant = 'direct'): EvalTask {
  switch (name) {
    case 'futurebench':
      return futurebench(variant);
    case 'seedbench-r1-l1':
      return seedbench(1, variant);
    case 'seedbench-r1-l2':
      return seedbench(2, variant);
    case 'seedbench-r1-l3':
      return seedbench(3, variant);
  }
}
