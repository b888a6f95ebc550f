import { extractReasoningReference } from './extract/reference.js';

/**
 * EasyR1's v1 reward (`verl/utils/reward_score/v1.py`, `v1_compute_score`): `1` when the letter extracted from
 * the first `<answer>…</answer>` (reference extractor) equals, ignoring case, one element of `answer`, else `0`.
 * There is no format reward.
 *
 * Reproduced behaviour:
 * - A string `answer` is iterated character by character (the v1 dataset passes `qa.Answer` itself), so
 *   `"AB"` accepts `A` and `B`, and `"A."` or `" A"` still accept `A`; `""` accepts nothing.
 * - An array `answer` is compared element-wise (`["AB"]` accepts neither; `[""]` accepts an empty extraction).
 * - The extracted letter is uppercase, so `<answer>a</answer>` scores 0 even against `"a"`.
 * - The reference catches every exception, prints it and returns `0.0`; likewise this function returns `0` for a
 *   non-string response, a non-iterable answer or non-string elements, and never throws.
 */
export function v1Reward(response: string, answer: string | readonly string[]): 0 | 1 {
  if (typeof response !== 'string') {
    return 0;
  }
  const predicted = extractReasoningReference(response).toLowerCase();
  let candidates: Iterable<unknown>;
  if (typeof answer === 'string') {
    candidates = answer; // iterates code points, like Python's str iteration
  } else if (Array.isArray(answer)) {
    candidates = answer;
  } else {
    return 0;
  }
  const lowered: string[] = [];
  for (const c of candidates) {
    if (typeof c !== 'string') {
      return 0; // Python: AttributeError on .lower(), caught → 0.0 (the list is built before comparing)
    }
    lowered.push(c.toLowerCase());
  }
  return lowered.includes(predicted) ? 1 : 0;
}
