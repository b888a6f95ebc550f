/**
 * The benchmark tasks `nextevent eval` runs, reading, prompting and targeting docs through
 * @nextevent/futurebench (the same code that scores them) and locating media like lmms-eval.
 */
import {
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

const futurebench: EvalTask<FutureBenchDoc> = {
  name: 'futurebench',
  lmmsName: 'futurebench',
  metric: 'future_acc',
  parseDocs: (text) => parseFutureBenchDocs(parseJsonOrJsonl(text, 'FutureBench data')),
  docKey: (doc) => doc.id,
  media: (doc, root) => ({ video: futurebenchVideoPath(doc.video_path, root) }),
  prompt: (doc) => buildPrompt(doc, { task: 'futurebench' }),
  target: (doc) => String(docToTarget(doc, { task: 'futurebench' })),
};

function seedbench(level: 1 | 2 | 3): EvalTask<SeedBenchR1Doc> {
  return {
    name: `seedbench-r1-l${level}`,
    lmmsName: `seedbench_r1_l${level}`,
    metric: 'seedbench_r1_acc',
    parseDocs: (text) => parseSeedBenchR1Docs(parseJsonOrJsonl(text, 'SEED-Bench-R1 data')),
    docKey: (doc) => doc.video_id,
    media: (doc, root) => seedbenchMedia(doc, root),
    prompt: (doc) => buildPrompt(doc, { task: 'seedbench-r1' }),
    target: (doc) => String(docToTarget(doc, { task: 'seedbench-r1' })),
  };
}

/** The task behind a `--task` value. */
export function getTask(name: TaskName): EvalTask {
  switch (name) {
    case 'futurebench':
      return futurebench;
    case 'seedbench-r1-l1':
      return seedbench(1);
    case 'seedbench-r1-l2':
      return seedbench(2);
    case 'seedbench-r1-l3':
      return seedbench(3);
  }
}
