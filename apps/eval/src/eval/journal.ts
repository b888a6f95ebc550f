/**
 * The crash-safe record of completed samples: a JSONL file, one line per completed sample, each line written
 * with one `write` and flushed with `fsync` before the sample counts as done. A process killed at any moment
 * leaves at most a torn last line, which {@link openJournal} drops (and truncates away) on resume.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { RunStateError } from './errors.js';

/** An append-only durable JSONL file. */
export interface Journal<T> {
  /** The file path. */
  readonly path: string;
  /**
   * Appends one record and resolves once it is on disk (`fsync`). Concurrent calls are written in call order
   * and share fsyncs (group commit), so many workers do not pay one fsync each.
   */
  append(record: T): Promise<void>;
  /** Flushes what is queued and closes the file. */
  close(): Promise<void>;
}

/** What {@link openJournal} found in an existing file. */
export interface OpenedJournal<T> {
  journal: Journal<T>;
  /** The complete records already in the file, in file order. */
  records: T[];
  /** Bytes of a torn last line that were cut off (0 when the file ended cleanly). */
  truncatedBytes: number;
}

/**
 * Opens (creating if needed) a journal at `path` and reads the records it holds. A last line without its
 * newline is a write cut short by a kill: it is removed from the file. A complete line that is not JSON is
 * damage no kill can cause, and throws {@link RunStateError}.
 */
export async function openJournal<T>(path: string): Promise<OpenedJournal<T>> {
  const fh = await open(path, 'a+');
  let records: T[];
  let truncatedBytes = 0;
  try {
    const text = (await fh.readFile()).toString('utf8');
    const end = text.lastIndexOf('\n') + 1;
    const complete = text.slice(0, end);
    truncatedBytes = Buffer.byteLength(text.slice(end));
    if (truncatedBytes > 0) {
      await fh.truncate(Buffer.byteLength(complete));
      await fh.sync();
    }
    records = [];
    const lines = complete.split('\n');
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] ?? '';
      if (line.trim() === '') {
        continue;
      }
      try {
        records.push(JSON.parse(line) as T);
      } catch {
        throw new RunStateError(
          `${path}:${i + 1}: journal line is not valid JSON (the file was edited or damaged)`,
        );
      }
    }
  } catch (err) {
    await fh.close();
    throw err;
  }
  return { journal: createJournal<T>(path, fh), records, truncatedBytes };
}

function createJournal<T>(path: string, fh: FileHandle): Journal<T> {
  let queue: { line: string; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let flushing: Promise<void> | undefined;
  let closed = false;

  const flush = async (): Promise<void> => {
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        // One write per batch: each line is complete in the buffer, so a kill tears at most the last one.
        await fh.write(batch.map((b) => b.line).join(''));
        await fh.datasync();
        for (const b of batch) {
          b.resolve();
        }
      } catch (err) {
        for (const b of batch) {
          b.reject(err);
        }
      }
    }
    flushing = undefined;
  };

  return {
    path,
    append(record: T): Promise<void> {
      if (closed) {
        return Promise.reject(new RunStateError(`${path}: journal is closed`));
      }
      const line = `${JSON.stringify(record)}\n`;
      return new Promise<void>((resolve, reject) => {
        queue.push({ line, resolve, reject });
        flushing ??= flush();
      });
    },
    async close(): Promise<void> {
      closed = true;
      await flushing;
      await fh.close();
    },
  };
}
