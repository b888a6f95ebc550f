import { JsonParseError, parsePythonJson } from '../python/json-parse.js';
import type { JsonValue } from '../python/json-value.js';

/** Text to validate, in chunks: strings or UTF-8 bytes (a Node read stream, a `fetch` body, an array). */
export type TextChunks = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;

/** One element read from a streamed JSON array or JSON Lines file. */
export type StreamedRecord =
  | { index: number; value: JsonValue; error?: undefined }
  | { index: number; value?: undefined; error: string };

/** A structural problem that stops the scan (the rest of the file cannot be split into records). */
export class JsonStreamError extends Error {
  override name = 'JsonStreamError';
}

async function* decode(chunks: TextChunks): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const run = (f: () => string): string => {
    try {
      return f();
    } catch {
      throw new JsonStreamError('invalid UTF-8');
    }
  };
  for await (const chunk of chunks) {
    yield typeof chunk === 'string' ? chunk : run(() => decoder.decode(chunk, { stream: true }));
  }
  const tail = run(() => decoder.decode());
  if (tail !== '') {
    yield tail;
  }
}

function parseElement(index: number, text: string): StreamedRecord {
  try {
    return { index, value: parsePythonJson(text) };
  } catch (e) {
    return { index, error: e instanceof JsonParseError ? `invalid JSON: ${e.message}` : String(e) };
  }
}

/**
 * Splits a top-level JSON array into its elements without holding the whole file: each element's text is
 * parsed on its own (with Python `json` semantics), so memory stays at about one record. An element that is
 * not valid JSON is yielded with `error` and scanning goes on.
 *
 * @throws {JsonStreamError} when the text is not one JSON array.
 */
export async function* iterateJsonArray(chunks: TextChunks): AsyncGenerator<StreamedRecord> {
  let state: 'before' | 'inside' | 'after' = 'before';
  let element = '';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let index = 0;
  for await (const text of decode(chunks)) {
    let segStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (state !== 'inside') {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
          continue;
        }
        if (state === 'before' && c === 0x5b) {
          state = 'inside';
          segStart = i + 1;
          continue;
        }
        throw new JsonStreamError(
          state === 'before' ? 'expected a JSON array ("[") at the start' : 'unexpected data after the array',
        );
      }
      if (inString) {
        if (escaped) {
          escaped = false;
        } else if (c === 0x5c) {
          escaped = true;
        } else if (c === 0x22) {
          inString = false;
        }
        continue;
      }
      if (c === 0x22) {
        inString = true;
      } else if (c === 0x5b || c === 0x7b) {
        depth++;
      } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
        depth--;
      } else if (depth === 0 && (c === 0x2c || c === 0x5d)) {
        element += text.slice(segStart, i);
        segStart = i + 1;
        const trimmed = element.trim();
        element = '';
        if (trimmed === '') {
          if (c === 0x2c || index > 0) {
            throw new JsonStreamError(`empty element at index ${index}`);
          }
        } else {
          yield parseElement(index++, trimmed);
        }
        if (c === 0x5d) {
          state = 'after';
        }
      }
    }
    if (state === 'inside') {
      element += text.slice(segStart);
    }
  }
  if ((state as string) !== 'after') {
    throw new JsonStreamError(
      state === 'before' ? 'empty input: expected a JSON array' : 'unterminated JSON array',
    );
  }
}

/**
 * Reads JSON Lines one record per line. A blank line is reported as an error at its position (EasyR1's
 * loader runs `json.loads(line.strip())` and fails on it); a final newline is fine.
 */
export async function* iterateJsonLines(chunks: TextChunks): AsyncGenerator<StreamedRecord> {
  let carry = '';
  let index = 0;
  for await (const text of decode(chunks)) {
    carry += text;
    let nl = carry.indexOf('\n');
    while (nl >= 0) {
      const line = carry.slice(0, nl);
      carry = carry.slice(nl + 1);
      yield line.trim() === '' ? { index: index++, error: 'blank line' } : parseElement(index++, line);
      nl = carry.indexOf('\n');
    }
  }
  if (carry.trim() !== '') {
    yield parseElement(index, carry);
  }
}
