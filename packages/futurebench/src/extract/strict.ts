import { findAnswerSpan } from './reference.js';

/** A standalone uppercase A–D: no letter, digit or underscore right before or after it. */
const STANDALONE_LETTER = /(?<![\p{L}\p{N}_])[A-D](?![\p{L}\p{N}_])/gu;
/** `A` used as the English article: followed by spaces and a lowercase word ("A man opens…"). */
const ARTICLE_FOLLOWS = /^[ \t]+\p{Ll}/u;

/**
 * A stricter extractor, **not** the reference's and never used by default. It returns the first uppercase `A`–`D`
 * that stands alone as a token (not inside a word), skipping an `A` used as an article (`"A man …"`):
 *
 * - `"Answer: C"` → `C` (reference: `A`); `"Based on the video, B"` → `B` (reference: `B` from "Based");
 *   `"Best answer: C"` → `C` (reference: `B`); `"(D)"`, `"D."`, `"D)"` → `D`.
 * - `"A man opens the door"` → `""` (reference: `A`); lowercase letters never count.
 * - Reasoning mode reads the same `<answer>…</answer>` span as the reference.
 *
 * Use it to measure how much a score depends on the reference's lenient matching.
 */
export function extractStrict(text: string, reasoning: boolean): '' | 'A' | 'B' | 'C' | 'D' {
  let start = 0;
  let end = text.length;
  if (reasoning) {
    const span = findAnswerSpan(text);
    if (span === null) {
      return '';
    }
    [start, end] = span;
  }
  const s = text.slice(start, end);
  STANDALONE_LETTER.lastIndex = 0;
  for (let m = STANDALONE_LETTER.exec(s); m !== null; m = STANDALONE_LETTER.exec(s)) {
    const letter = m[0] as 'A' | 'B' | 'C' | 'D';
    if (letter === 'A' && ARTICLE_FOLLOWS.test(s.slice(m.index + 1, m.index + 64))) {
      continue;
    }
    return letter;
  }
  return '';
}
