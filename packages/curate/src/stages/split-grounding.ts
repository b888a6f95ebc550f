import { AttemptError, callModel, checkAnswer, type StageResult } from '../call-model.js';
import type { ChatContentPart, LlmClient } from '../llm-client.js';
import { splitGroundingPrompt } from '../prompts.js';
import type { SceneEvent, SplitPoint } from '../schemas.js';
import { parseTimestamp, snapToCut } from '../timestamp.js';
import { stripThink, userVideo, type StageOptions } from './common.js';

/** Input of {@link groundSplit}. */
export interface SplitGroundingInput {
  /** The whole video as content parts. */
  video: readonly ChatContentPart[];
  events: readonly SceneEvent[];
  split: SplitPoint;
  /** Video duration in seconds; the answer must fall strictly inside (0, duration). */
  durationSec: number;
  /** Scene-cut times in seconds (e.g. from `detectScenes` of @nextevent/video). Default: none, no snapping. */
  sceneCuts?: readonly number[];
  /** A cut within this many seconds of the VLM's time replaces it. Default: 1. */
  snapToleranceSec?: number;
  /** Extra request fields for the VLM server. */
  extraBody?: Readonly<Record<string, unknown>>;
}

/** Where to split, and how it was found. */
export interface SplitGrounding {
  /** The VLM's answer text. */
  answer: string;
  /** The time the VLM gave, in seconds. */
  groundedSec: number;
  /** The time to split at: the nearest scene cut when one was within the tolerance, else `groundedSec`. */
  timeSec: number;
  /** Whether `timeSec` is a scene cut. */
  snapped: boolean;
}

/**
 * Stage 3b, split-point grounding: asks the VLM for the MM:SS.ss timestamp "between Scene X and Scene Y", then
 * snaps it to a detected scene cut when one is near. An answer without a timestamp inside the video is retried.
 *
 * @throws StageError when every attempt failed.
 */
export async function groundSplit(
  vlm: LlmClient,
  input: SplitGroundingInput,
  options: StageOptions = {},
): Promise<StageResult<SplitGrounding>> {
  const tolerance = input.snapToleranceSec ?? 1;
  if (!(tolerance >= 0)) {
    throw new TypeError('input.snapToleranceSec, when provided, must be a number ≥ 0');
  }
  if (!(input.durationSec > 0)) {
    throw new TypeError(`input.durationSec must be a positive number, got ${input.durationSec}`);
  }
  return callModel(
    vlm,
    {
      stage: 'grounding',
      messages: userVideo(
        input.video,
        splitGroundingPrompt(input.events, input.split, input.durationSec, options.prompts),
      ),
      json: false,
      ...(input.extraBody ? { extraBody: input.extraBody } : {}),
      parse(res) {
        checkAnswer(res);
        const answer = stripThink(res.content).trim();
        const grounded = parseTimestamp(answer);
        if (grounded === null) {
          throw new AttemptError('bad-timestamp', 'no MM:SS.ss timestamp in the answer', res.content);
        }
        if (!(grounded > 0 && grounded < input.durationSec)) {
          throw new AttemptError(
            'bad-timestamp',
            `timestamp ${grounded} s is outside the video (0, ${input.durationSec})`,
            res.content,
          );
        }
        const snapped = snapToCut(grounded, input.sceneCuts ?? [], tolerance);
        return {
          value: { answer, groundedSec: grounded, timeSec: snapped.time, snapped: snapped.cut !== null },
          repairs: [],
        };
      },
    },
    options,
  );
}
