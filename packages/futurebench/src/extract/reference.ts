import { pythonStrip, pythonWordCount } from '../python/whitespace.js';

/**
 * The prefixes `extract_characters_regex` removes, in order. Quirk (reproduced): in the Python source two list
 * entries are adjacent string literals without a comma, which Python concatenates, so
 * `"The best option is"`, `"The correct option is"`, `"Best answer:"` and `"Best option:"` on their own are
 * **not** removed; only the concatenations are.
 */
export const REFERENCE_ANSWER_PREFIXES: readonly string[] = Object.freeze([
  'The best answer is',
  'The correct answer is',
  'The answer is',
  'The answer',
  'The best option isThe correct option is',
  'Best answer:Best option:',
]);

/** Which `return` of the reference extractor produced the answer. */
export type ExtractionBranch =
  /** The first uppercase A–D anywhere in the (prefix-stripped / tag) text. */
  | 'first-letter'
  /** More than 10 whitespace-separated words and no A–D: `""`. */
  | 'long-without-letter'
  /** At most 10 words and no A–D: `""` (same result as the previous branch). */
  | 'no-letter'
  /** Reasoning extractor only: no `<answer>…</answer>` pair: `""`. */
  | 'no-answer-tag';

/** The answer plus how the reference extractor reached it. */
export interface ExtractionTrace {
  /** `'A'`–`'D'` or `''`. */
  answer: '' | 'A' | 'B' | 'C' | 'D';
  /** The reference `return` that was taken. */
  branch: ExtractionBranch;
  /** Direct extractor only: the {@link REFERENCE_ANSWER_PREFIXES} that were present (and removed), in order. */
  strippedPrefixes: string[];
}

/** Index of the first ASCII `A`–`D` in `s[start:end]`, or -1. */
function firstLetter(s: string, start: number, end: number): number {
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 68) {
      return i;
    }
  }
  return -1;
}

function letterAt(s: string, i: number): 'A' | 'B' | 'C' | 'D' {
  return s[i] as 'A' | 'B' | 'C' | 'D';
}

/**
 * The reference `extract_characters_regex` (lmms-eval FutureBench and SEED-Bench-R1 `utils.py`, identical):
 * Python-`strip()`, remove every occurrence of each {@link REFERENCE_ANSWER_PREFIXES} entry in turn, then
 * return the first uppercase ASCII `A`–`D` anywhere, or `""`.
 *
 * Quirks reproduced: the first capital A–D wins wherever it is, so `"Answer: C"` → `A`,
 * `"Based on the video, C"` → `B`, `"Best answer: C"` → `B`; full-width `Ｃ` or Cyrillic `А` never count;
 * the "more than 10 words and no A–D" rule cannot change the result (it only picks which `return ""` runs).
 */
export function traceDirectExtraction(text: string): ExtractionTrace {
  let s = pythonStrip(text);
  const strippedPrefixes: string[] = [];
  for (const prefix of REFERENCE_ANSWER_PREFIXES) {
    if (s.includes(prefix)) {
      strippedPrefixes.push(prefix);
      s = s.replaceAll(prefix, '');
    }
  }
  const i = firstLetter(s, 0, s.length);
  if (i < 0) {
    const branch = pythonWordCount(s, 0, s.length, 10) > 10 ? 'long-without-letter' : 'no-letter';
    return { answer: '', branch, strippedPrefixes };
  }
  return { answer: letterAt(s, i), branch: 'first-letter', strippedPrefixes };
}

/** Fast path of {@link traceDirectExtraction}: only the answer. */
export function extractDirectReference(text: string): '' | 'A' | 'B' | 'C' | 'D' {
  let s = text;
  // Every prefix starts with "The " or "Best answer:"; most outputs contain neither.
  if (s.includes('The ') || s.includes('Best answer:')) {
    for (const prefix of REFERENCE_ANSWER_PREFIXES) {
      if (s.includes(prefix)) {
        s = s.replaceAll(prefix, '');
      }
    }
  }
  // Stripping whitespace cannot change which A–D comes first, so the fast path skips it.
  const i = firstLetter(s, 0, s.length);
  return i < 0 ? '' : letterAt(s, i);
}

/** Where the reference's `<answer>\s*(.*?)\s*</answer>` (DOTALL) match puts the answer: `[start, end)` or null. */
export function findAnswerSpan(s: string): [number, number] | null {
  const open = s.indexOf('<answer>');
  if (open < 0) {
    return null;
  }
  // The lazy group ends at the first "</answer>" after the opening tag; if the first "<answer>" has none,
  // no later one has either.
  const close = s.indexOf('</answer>', open + 8);
  return close < 0 ? null : [open + 8, close];
}

/**
 * The reference `extract_thinking_answer_regex` (FutureBench, SEED-Bench-R1 and EasyR1 `v1.py`, identical):
 * the text of the first `<answer>` that a `</answer>` follows (non-greedy, across lines; tags are
 * case-sensitive and must be exact), then the same rule as the direct extractor without prefix removal.
 *
 * Quirk reproduced: `<answer>After watching, B</answer>` gives `A`, the first capital A–D.
 */
export function traceReasoningExtraction(text: string): ExtractionTrace {
  const s = pythonStrip(text);
  const span = findAnswerSpan(s);
  if (span === null) {
    return { answer: '', branch: 'no-answer-tag', strippedPrefixes: [] };
  }
  const i = firstLetter(s, span[0], span[1]);
  if (i < 0) {
    const branch = pythonWordCount(s, span[0], span[1], 10) > 10 ? 'long-without-letter' : 'no-letter';
    return { answer: '', branch, strippedPrefixes: [] };
  }
  return { answer: letterAt(s, i), branch: 'first-letter', strippedPrefixes: [] };
}

/** Fast path of {@link traceReasoningExtraction}: only the answer. */
export function extractReasoningReference(text: string): '' | 'A' | 'B' | 'C' | 'D' {
  const span = findAnswerSpan(text);
  if (span === null) {
    return '';
  }
  const i = firstLetter(text, span[0], span[1]);
  return i < 0 ? '' : letterAt(text, i);
}
