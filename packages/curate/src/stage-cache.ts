import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { TokenUsage } from './llm-client.js';
import type { StageName } from './stage-error.js';

/** SHA-256 (hex) of a file's bytes: the identity of a video in the cache. */
export async function hashFile(path: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, signal ? { signal } : {})) {
    hash.update(chunk as Buffer);
  }
  return hash.digest('hex');
}

/** SHA-256 (hex) of the JSON of `value`: a stage's input key. */
export function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

/** One stored stage result. */
export interface CacheEntry<T> {
  /** Hash of everything the stage's result depends on (model, prompt inputs, options). */
  key: string;
  value: T;
  /** Tokens it cost when it was computed. */
  usage: TokenUsage;
  createdAt: string;
}

/**
 * Stage results on disk, one JSON file per video and stage: `<dir>/<video sha256>/<stage>.json`. An entry is used only
 * when its key matches, so changing a model, a prompt or an upstream result recomputes exactly the stages that
 * depend on it. Writes go to a temporary file that is then renamed.
 */
export class StageCache {
  readonly dir: string;
  constructor(dir: string) {
    this.dir = dir;
  }

  /** The stored value of `stage` for the video, when present and computed from the same inputs. */
  async get<T>(videoHash: string, stage: StageName, key: string): Promise<CacheEntry<T> | undefined> {
    let text: string;
    try {
      text = await readFile(this.path(videoHash, stage), 'utf8');
    } catch {
      return undefined;
    }
    try {
      const entry = JSON.parse(text) as CacheEntry<T>;
      return entry.key === key ? entry : undefined;
    } catch {
      return undefined; // a corrupt entry is recomputed
    }
  }

  /** Stores a stage result. */
  async put<T>(videoHash: string, stage: StageName, entry: CacheEntry<T>): Promise<void> {
    const dir = join(this.dir, videoHash);
    await mkdir(dir, { recursive: true });
    const target = this.path(videoHash, stage);
    const tmp = `${target}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
    await writeFile(tmp, `${JSON.stringify(entry, null, 2)}\n`);
    await rename(tmp, target);
  }

  private path(videoHash: string, stage: StageName): string {
    return join(this.dir, videoHash, `${stage}.json`);
  }
}
