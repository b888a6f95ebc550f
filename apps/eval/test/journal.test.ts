import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RunStateError } from '../src/eval/errors.js';
import { openJournal } from '../src/eval/journal.js';

const tmp = () => mkdtemp(join(tmpdir(), 'nextevent-journal-'));

describe('journal', () => {
  it('appends concurrently, one complete line per record, and reads them back', async () => {
    const path = join(await tmp(), 'j.jsonl');
    const { journal, records } = await openJournal<{ i: number }>(path);
    expect(records).toEqual([]);
    await Promise.all(Array.from({ length: 50 }, (_, i) => journal.append({ i })));
    await journal.close();
    const lines = (await readFile(path, 'utf8')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((l) => JSON.parse(l).i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const again = await openJournal<{ i: number }>(path);
    expect(again.records).toHaveLength(50);
    expect(again.truncatedBytes).toBe(0);
    await again.journal.close();
  });

  it('drops and truncates a torn last line, then appends after the last complete one', async () => {
    const path = join(await tmp(), 'j.jsonl');
    await writeFile(path, '{"i":0}\n{"i":1}\n{"i":2');
    const { journal, records, truncatedBytes } = await openJournal<{ i: number }>(path);
    expect(records).toEqual([{ i: 0 }, { i: 1 }]);
    expect(truncatedBytes).toBe(6);
    await journal.append({ i: 2 });
    await journal.close();
    expect(await readFile(path, 'utf8')).toBe('{"i":0}\n{"i":1}\n{"i":2}\n');
  });

  it('refuses a complete line that is not JSON', async () => {
    const path = join(await tmp(), 'j.jsonl');
    await writeFile(path, '{"i":0}\nnot json\n');
    await expect(openJournal(path)).rejects.toThrowError(RunStateError);
    await expect(openJournal(path)).rejects.toThrow(/j\.jsonl:2: journal line is not valid JSON/);
  });
});
