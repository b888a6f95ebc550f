import { z } from 'zod';

/** One scene of the event-identification answer, as stored in a V1-33K record's `events`. */
export interface SceneEvent {
  /** `Scene 1`, `Scene 2`, … in order (normalised from the model's spelling). */
  scene: string;
  description: string;
}

/**
 * Stage 2a answer `{"events": [{"scene": "Scene 1", "description": …}, …]}`. Scene labels must number the scenes
 * 1, 2, 3, … in order (any case and spacing, e.g. `scene 2`, is normalised to `Scene 2`), because the reference
 * reads `events[X - 1]` for `Scene X`.
 */
export const eventsAnswerSchema = z
  .object({
    events: z
      .array(z.object({ scene: z.string(), description: z.string() }))
      .min(2, 'at least two scenes are needed to split a video'),
  })
  .transform((v, ctx) => {
    const events: SceneEvent[] = [];
    for (const [i, e] of v.events.entries()) {
      const m = /^scene\s*(\d+)$/i.exec(e.scene.trim());
      if (!m || Number(m[1]) !== i + 1) {
        ctx.addIssue({
          code: 'custom',
          path: ['events', i, 'scene'],
          message: `expected "Scene ${i + 1}", got ${JSON.stringify(e.scene)}`,
        });
        return z.NEVER;
      }
      events.push({ scene: `Scene ${i + 1}`, description: e.description.trim() });
    }
    return { events };
  });

/** The scenes on either side of the split: the past ends with scene `past`, the future starts with scene `future`. */
export interface SplitPoint {
  /** Scene X of "between Scene X and Scene Y" (1-based): the last scene of the first part. */
  past: number;
  /** Scene Y (1-based): the first scene of the second part. */
  future: number;
}

/** Stage 2b result: the reference's three keys (normalised) plus the parsed split point. */
export interface CausalAnalysis {
  /** `yes` or `no`, normalised with lower-case and trim as downstream code does. */
  suitable: 'yes' | 'no';
  /** As the model wrote it, e.g. `between Scene 2 and Scene 3`. */
  optimal_split_point: string;
  reasoning: string;
  /** Parsed from `optimal_split_point`; `null` when `suitable` is `no`. */
  split: SplitPoint | null;
}

/** Parses "between Scene X and Scene Y" (case-insensitive, anywhere in the text); `null` if absent. */
export function parseSplitPoint(text: string): SplitPoint | null {
  const m = /between\s+scene\s+(\d+)\s+and\s+scene\s+(\d+)/i.exec(text);
  if (!m) {
    return null;
  }
  return { past: Number(m[1]), future: Number(m[2]) };
}

/**
 * Stage 2b answer `{"suitable": "yes"|"no", "optimal_split_point": "between Scene X and Scene Y", "reasoning": …}`
 * checked against the number of scenes: when suitable, 1 ≤ X < Y ≤ sceneCount.
 */
export function causalAnswerSchema(sceneCount: number): z.ZodType<CausalAnalysis> {
  return z
    .object({
      suitable: z.string(),
      optimal_split_point: z.string().nullish(),
      reasoning: z.string().nullish(),
    })
    .transform((v, ctx): CausalAnalysis => {
      const suitable = v.suitable.trim().toLowerCase();
      if (suitable !== 'yes' && suitable !== 'no') {
        ctx.addIssue({
          code: 'custom',
          path: ['suitable'],
          message: `expected "yes" or "no", got ${JSON.stringify(v.suitable)}`,
        });
        return z.NEVER;
      }
      const point = v.optimal_split_point ?? '';
      const reasoning = v.reasoning ?? '';
      if (suitable === 'no') {
        return { suitable, optimal_split_point: point, reasoning, split: null };
      }
      const split = parseSplitPoint(point);
      if (!split) {
        ctx.addIssue({
          code: 'custom',
          path: ['optimal_split_point'],
          message: `expected "between Scene X and Scene Y", got ${JSON.stringify(point)}`,
        });
        return z.NEVER;
      }
      if (split.past < 1 || split.future <= split.past || split.future > sceneCount) {
        ctx.addIssue({
          code: 'custom',
          path: ['optimal_split_point'],
          message: `scenes ${split.past} and ${split.future} do not split ${sceneCount} scenes (need 1 ≤ X < Y ≤ ${sceneCount})`,
        });
        return z.NEVER;
      }
      return { suitable, optimal_split_point: point, reasoning, split };
    });
}

/** Stage 3a answer, stored as `video_split.split_caption`. */
export const splitCaptionSchema = z.object({
  caption_part1: z.string().trim().min(1),
  caption_part2: z.string().trim().min(1),
});

/** Stage 3a result. */
export type SplitCaption = z.infer<typeof splitCaptionSchema>;

/** Stage 4c result, stored as `o3_critique`. `Conclusion` is normalised to `right` or `wrong`. */
export interface Critique {
  Critique: string;
  Conclusion: 'right' | 'wrong';
}

/** Stage 4c answer `{"Critique": …, "Conclusion": "right"|"wrong"}` (also accepts `Conclusion: Wrong.`). */
export const critiqueAnswerSchema: z.ZodType<Critique> = z
  .object({ Critique: z.string().trim().min(1), Conclusion: z.string() })
  .transform((v, ctx): Critique => {
    const c = v.Conclusion.trim()
      .toLowerCase()
      .replace(/^conclusion\s*:\s*/, '')
      .replace(/[.!\s]+$/, '');
    if (c !== 'right' && c !== 'wrong') {
      ctx.addIssue({
        code: 'custom',
        path: ['Conclusion'],
        message: `expected "right" or "wrong", got ${JSON.stringify(v.Conclusion)}`,
      });
      return z.NEVER;
    }
    return { Critique: v.Critique, Conclusion: c };
  });
