import { nextEventRecordSchema } from '@nextevent/dataset';
import { z } from 'zod';
import type { CausalAnalysis, Critique, SceneEvent, SplitCaption } from './schemas.js';
import type { NextEventPrediction } from './stages/reasoning.js';
import type { RewrittenPrediction } from './stages/rewrite.js';

const sceneEvent = z.object({ scene: z.string().regex(/^Scene [1-9]\d*$/), description: z.string() });

/**
 * A `next_event_prediction.json` record as this package writes it: the V1-33K fields read by the reference
 * `video_data_generation.py` (see the dataset package), plus the causal-analysis keys inside `video_split`.
 * `scenes_timestep` is `[{"Scene X": [0, t]}, {"Scene Y": [t, duration]}]`: the first key names the last observed
 * scene, and the values are the two parts' spans in seconds.
 */
export const curatedRecordSchema = z.object({
  video_path: z.string().min(1),
  full_video_path: z.string().min(1),
  caption: z.string().min(1),
  events: z.array(sceneEvent).min(2),
  video_split: z.object({
    suitable: z.literal('yes'),
    optimal_split_point: z.string(),
    reasoning: z.string(),
    split_caption: z.object({ caption_part1: z.string().min(1), caption_part2: z.string().min(1) }),
    scenes_timestep: z
      .array(z.record(z.string().regex(/^Scene [1-9]\d*$/), z.tuple([z.number(), z.number()])))
      .length(2),
  }),
  ds_reasoning: z.object({
    reasoning_content: z.string(),
    prediction_content: z.string().min(1),
    rewritten_reasoning_content: z.string(),
    rewritten_prediction_content: z.string().min(1),
  }),
  o3_critique: z.object({ Critique: z.string().min(1), Conclusion: z.enum(['right', 'wrong']) }),
});

/** One record of `next_event_prediction.json`. */
export type CuratedRecord = z.infer<typeof curatedRecordSchema>;

/** Everything a record is assembled from. */
export interface RecordParts {
  /** Video path relative to the dataset root, e.g. `video_dataset/cooking/a.mp4` (the first part is dropped downstream). */
  videoPath: string;
  /** Path of the full video as downstream tools should open it, e.g. `./V1-33K/video_dataset/cooking/a.mp4`. */
  fullVideoPath: string;
  caption: string;
  events: readonly SceneEvent[];
  causal: CausalAnalysis;
  splitCaption: SplitCaption;
  /** The time the video was cut at, and its duration, in seconds. */
  splitSec: number;
  durationSec: number;
  prediction: NextEventPrediction;
  rewritten: RewrittenPrediction;
  critique: Critique;
}

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * Assembles a record and validates it twice: against {@link curatedRecordSchema} (what this package promises) and
 * against `nextEventRecordSchema` of @nextevent/dataset (what the SFT/RL generators read).
 *
 * @throws TypeError when the parts are inconsistent (e.g. the causal analysis was `no`).
 */
export function buildRecord(p: RecordParts): CuratedRecord {
  if (!p.causal.split) {
    throw new TypeError('buildRecord: the causal analysis has no split point (suitable is "no")');
  }
  const past = p.events[p.causal.split.past - 1];
  const future = p.events[p.causal.split.future - 1];
  if (!past || !future) {
    throw new TypeError(
      `buildRecord: split scenes ${p.causal.split.past}/${p.causal.split.future} are not in events`,
    );
  }
  const record = {
    video_path: p.videoPath,
    full_video_path: p.fullVideoPath,
    caption: p.caption,
    events: p.events.map((e) => ({ scene: e.scene, description: e.description })),
    video_split: {
      suitable: p.causal.suitable,
      optimal_split_point: p.causal.optimal_split_point,
      reasoning: p.causal.reasoning,
      split_caption: {
        caption_part1: p.splitCaption.caption_part1,
        caption_part2: p.splitCaption.caption_part2,
      },
      scenes_timestep: [
        { [past.scene]: [0, round3(p.splitSec)] },
        { [future.scene]: [round3(p.splitSec), round3(p.durationSec)] },
      ],
    },
    ds_reasoning: { ...p.prediction, ...p.rewritten },
    o3_critique: { Critique: p.critique.Critique, Conclusion: p.critique.Conclusion },
  };
  const r = curatedRecordSchema.safeParse(record);
  if (!r.success) {
    throw new TypeError(`buildRecord: invalid record for ${p.videoPath}: ${r.error.message}`);
  }
  const d = nextEventRecordSchema.safeParse(r.data);
  if (!d.success) {
    throw new TypeError(`buildRecord: record for ${p.videoPath} fails the V1-33K schema: ${d.error.message}`);
  }
  return r.data;
}
