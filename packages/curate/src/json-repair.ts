/** One change {@link repairJson} made to get parseable JSON. */
export type JsonRepair =
  /** A `<think>…</think>` block before the JSON was removed. */
  | 'stripped-think'
  /** The JSON was taken from inside a Markdown code fence (closed or not). */
  | 'stripped-code-fence'
  /** Text before the first `{` or after the matching `}` was dropped. */
  | 'dropped-surrounding-text'
  /** A comma directly before `}` or `]` was removed. */
  | 'removed-trailing-comma'
  /** The text ended inside a string, which was closed. */
  | 'closed-string'
  /** The text ended after an object key (or key and colon) with no value; the key was dropped. */
  | 'dropped-dangling-key'
  /** The text ended with objects/arrays still open; they were closed. */
  | 'closed-brackets';

/** Repairs that add or remove content because the text was cut off, as opposed to cosmetic ones. */
export const TRUNCATION_REPAIRS: ReadonlySet<JsonRepair> = new Set<JsonRepair>([
  'closed-string',
  'dropped-dangling-key',
  'closed-brackets',
]);

/** The parsed value and what had to be changed to parse it (empty when the text was valid JSON as is). */
export interface JsonRepairResult {
  value: unknown;
  repairs: JsonRepair[];
}

/** The text holds no JSON object that can be recovered without guessing. */
export class JsonRepairError extends Error {
  override name = 'JsonRepairError';
  /** The text that was given to {@link repairJson}. */
  readonly text: string;
  constructor(message: string, text: string) {
    super(message);
    this.text = text;
  }
}

interface Frame {
  open: '{' | '[';
  /** Index of the last key string started in this object since its last comma, or -1. */
  keyStart: number;
  /** True between `:` and the next `,` in an object. */
  afterColon: boolean;
}

/**
 * Parses a JSON object out of an LLM answer, repairing only what can be repaired without guessing: a leading
 * `<think>` block, Markdown code fences, prose around the object, trailing commas, and an answer cut off at the end
 * (an open string is closed, a dangling key is dropped, open brackets are closed). Anything else, such as a
 * truncated number or `true`, single quotes, comments or mismatched brackets, is left to JSON.parse and fails.
 *
 * @throws JsonRepairError when no object can be recovered.
 */
export function repairJson(text: string): JsonRepairResult {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    try {
      return { value: JSON.parse(trimmed) as unknown, repairs: [] };
    } catch {
      // fall through to the repairs
    }
  }
  const repairs: JsonRepair[] = [];
  let s = trimmed;
  const think = /^<think>[\s\S]*?<\/think>/.exec(s);
  if (think) {
    s = s.slice(think[0].length).trim();
    repairs.push('stripped-think');
  }
  const fence = /```[a-zA-Z]*[ \t]*\r?\n?([\s\S]*?)(?:```|$)/.exec(s);
  if (fence?.[1] !== undefined && fence[1].includes('{')) {
    s = fence[1];
    repairs.push('stripped-code-fence');
  }
  const start = s.indexOf('{');
  if (start < 0) {
    throw new JsonRepairError('no JSON object found (no "{")', text);
  }
  if (s.slice(0, start).trim() !== '') {
    repairs.push('dropped-surrounding-text');
  }
  s = s.slice(start);
  const fixed = closeAndClean(s, repairs, text);
  try {
    return { value: JSON.parse(fixed) as unknown, repairs };
  } catch (err) {
    throw new JsonRepairError(
      `not valid JSON after repairs [${repairs.join(', ')}]: ${err instanceof Error ? err.message : String(err)}`,
      text,
    );
  }
}

/** Scans `s` (starting at `{`) outside strings, drops trailing commas and text after the object, closes a cut-off end. */
function closeAndClean(s: string, repairs: JsonRepair[], original: string): string {
  const stack: Frame[] = [];
  const dropped = new Set<number>();
  let inString = false;
  let escape = false;
  let prevSig = -1;
  let end = -1;
  for (let i = 0; i < s.length; i++) {
    const c = s.charAt(i);
    if (inString) {
      if (escape) {
        escape = false;
      } else if (c === '\\') {
        escape = true;
      } else if (c === '"') {
        inString = false;
        prevSig = i;
      }
      continue;
    }
    if (c === ' ' || c === '\n' || c === '\r' || c === '\t') {
      continue;
    }
    const top = stack[stack.length - 1];
    if (c === '"') {
      inString = true;
      if (top?.open === '{' && !top.afterColon) {
        top.keyStart = i;
      }
    } else if (c === '{' || c === '[') {
      stack.push({ open: c, keyStart: -1, afterColon: false });
    } else if (c === '}' || c === ']') {
      if (!top || (top.open === '{') !== (c === '}')) {
        throw new JsonRepairError(`mismatched "${c}" at offset ${i}`, original);
      }
      if (prevSig >= 0 && s.charAt(prevSig) === ',') {
        dropped.add(prevSig);
        if (!repairs.includes('removed-trailing-comma')) {
          repairs.push('removed-trailing-comma');
        }
      }
      stack.pop();
      if (stack.length === 0) {
        end = i + 1;
        prevSig = i;
        break;
      }
    } else if (c === ':' && top?.open === '{') {
      top.afterColon = true;
    } else if (c === ',' && top?.open === '{') {
      top.afterColon = false;
      top.keyStart = -1;
    }
    prevSig = i;
  }
  // Dropped commas become spaces so that the indices recorded above stay valid.
  let out = dropped.size > 0 ? s.replace(/,/g, (c, i: number) => (dropped.has(i) ? ' ' : c)) : s;
  if (end >= 0) {
    if (out.slice(end).trim() !== '' && !repairs.includes('dropped-surrounding-text')) {
      repairs.push('dropped-surrounding-text');
    }
    out = out.slice(0, end);
  }
  if (end >= 0) {
    return out;
  }
  // Cut off before the object closed.
  if (inString) {
    if (escape) {
      out = out.slice(0, -1);
    }
    out += '"';
    repairs.push('closed-string');
  }
  const top = stack[stack.length - 1];
  if (top?.open === '{' && top.keyStart >= 0) {
    const afterKey = out.slice(top.keyStart);
    // A key with nothing after it, or a key and a colon with no value yet.
    if (/^"(?:[^"\\]|\\.)*"\s*(?::\s*)?$/.test(afterKey)) {
      out = out.slice(0, top.keyStart);
      repairs.push('dropped-dangling-key');
    }
  }
  out = out.trimEnd();
  if (out.endsWith(',')) {
    out = out.slice(0, -1);
    if (!repairs.includes('removed-trailing-comma')) {
      repairs.push('removed-trailing-comma');
    }
  }
  if (stack.length > 0) {
    out += stack
      .map((f) => (f.open === '{' ? '}' : ']'))
      .reverse()
      .join('');
    repairs.push('closed-brackets');
  }
  return out;
}
