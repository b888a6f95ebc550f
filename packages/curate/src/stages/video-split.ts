import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { NO_USAGE } from '../llm-client.js';
import { StageError } from '../stage-error.js';
import type { VideoTools } from '../video-tools.js';

/** Input of {@link splitVideoAt}. */
export interface VideoSplitInput {
  /** The full video. */
  path: string;
  /** Where to cut, in seconds. */
  atSec: number;
  /** Output of the first part, [0, at) (the model input). */
  pastPath: string;
  /** Output of the second part, [at, end) (kept as ground truth). */
  futurePath: string;
  signal?: AbortSignal;
}

/**
 * Stage 3c: cuts the video in two with `tools.split`. Both parts are written to temporary names beside their targets
 * and renamed only when both succeeded, so a failure leaves no partial file.
 *
 * @throws StageError (stage `videoSplit`, reason `video`) when splitting failed.
 */
export async function splitVideoAt(tools: VideoTools, input: VideoSplitInput): Promise<{ atSec: number }> {
  const tag = `.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const tmp = (p: string): string => join(dirname(p), `${tag}-${basename(p)}`);
  const pastTmp = tmp(input.pastPath);
  const futureTmp = tmp(input.futurePath);
  try {
    await mkdir(dirname(input.pastPath), { recursive: true });
    await mkdir(dirname(input.futurePath), { recursive: true });
    const r = await tools.split(
      input.path,
      input.atSec,
      { pastPath: pastTmp, futurePath: futureTmp },
      input.signal,
    );
    await rename(pastTmp, input.pastPath);
    await rename(futureTmp, input.futurePath);
    return r;
  } catch (err) {
    await rm(pastTmp, { force: true });
    await rm(futureTmp, { force: true });
    if (input.signal?.aborted) {
      throw input.signal.reason;
    }
    const e = err instanceof Error ? err : new Error(String(err));
    throw new StageError(
      'videoSplit',
      [
        {
          reason: 'video',
          message: `splitting ${input.path} at ${input.atSec} s failed: ${e.name}: ${e.message}`,
        },
      ],
      NO_USAGE,
    );
  }
}
