import { pythonFloatRepr, pythonStrip } from '@nextevent/futurebench';
import { PythonError } from '../python/errors.js';
import { pyTypeName } from '../python/repr.js';
import { pyGetItem } from '../python/subscript.js';
import type { DatagenContext, FormatResult } from './context.js';
import { thinkAnswer } from './convert-to-distill.js';
import { firstPartVideo } from './convert-to-sft.js';
import { createEntry, type GeneratedRecord } from './entry.js';
import { QUESTION_POOLS } from './pools.js';

/** The reference's wrong/correct target ratio for the CFT set. */
export const CFT_WRONG_RATIO = 2.1;

/** Python's `round(x)` for floats: half to even. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const diff = x - f;
  if (diff > 0.5) {
    return f + 1;
  }
  if (diff < 0.5) {
    return f;
  }
  return f % 2 === 0 ? f : f + 1;
}

function requireStr(v: unknown): string {
  if (typeof v !== 'string') {
    throw new PythonError('TypeError', `can only concatenate str (not "${pyTypeName(v)}") to str`);
  }
  return v;
}

/**
 * The reference's `convert_to_CFT`: critique fine-tuning records (question + solution in, critique out), with
 * "wrong" and "correct" critiques rebalanced to about {@link CFT_WRONG_RATIO} wrong per correct using
 * `random.sample`, then shuffled twice. Records whose fields are missing are skipped and counted. Writes
 * `video_fp_CFT_data.json`.
 */
export function convertToCft(
  data: readonly unknown[],
  ctx: DatagenContext,
  wrongRatio: number = CFT_WRONG_RATIO,
): FormatResult {
  const wrong: GeneratedRecord[] = [];
  const correct: GeneratedRecord[] = [];
  let errorCount = 0;
  for (const [index, entry] of data.entries()) {
    ctx.recordIndex = index;
    const video = firstPartVideo(entry, ctx);
    let solution: string;
    let answer: string;
    let conclusion: string;
    try {
      solution = thinkAnswer(entry);
      const critique = pyGetItem(entry, 'o3_critique');
      const critiqueText = requireStr(pyGetItem(critique, 'Critique'));
      const conclusionText = requireStr(pyGetItem(critique, 'Conclusion'));
      answer = `Critique:\n${critiqueText}\n\nConclusion:\n${conclusionText}.`;
      conclusion = pythonStrip(conclusionText).toLowerCase();
    } catch {
      errorCount++;
      continue;
    }
    const question = `${ctx.rng.choice(QUESTION_POOLS.nextEventCft)}\n\nSolution:\n\n${solution}`;
    const record = createEntry(question, answer, video, QUESTION_POOLS.cftSystemPrompt);
    (conclusion === 'wrong' ? wrong : correct).push(record);
  }

  let finalWrong: GeneratedRecord[] = [];
  let finalCorrect: GeneratedRecord[] = [];
  if (correct.length === 0) {
    finalWrong = wrong.slice();
  } else if (wrong.length === 0) {
    finalCorrect = correct.slice();
  } else {
    const desiredWrong = roundHalfEven(wrongRatio * correct.length);
    if (desiredWrong <= wrong.length) {
      finalCorrect = correct.slice();
      finalWrong = ctx.rng.sample(wrong, desiredWrong);
    } else {
      finalWrong = wrong.slice();
      const desiredCorrect = Math.min(Math.trunc(wrong.length / wrongRatio), correct.length);
      finalCorrect = ctx.rng.sample(correct, desiredCorrect);
    }
  }
  const records = [...finalWrong, ...finalCorrect];
  ctx.rng.shuffle(records);
  const ratio = finalCorrect.length > 0 ? pythonFloatRepr(finalWrong.length / finalCorrect.length) : '0';
  const stdout =
    `Error count: ${errorCount}\nFinal wrong entries: ${finalWrong.length}\n` +
    `Final correct entries: ${finalCorrect.length}\nIn total, there are ${records.length} entries\n` +
    `Actual wrong/correct ratio: ${ratio}\n`;
  ctx.rng.shuffle(records);
  return { fileName: 'video_fp_CFT_data.json', records, stdout, errorCount };
}
