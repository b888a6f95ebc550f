import { InputMismatchError } from '../errors.js';
import type { GridThw } from '../processing/vision-index.js';

/**
 * Model inputs, named like the Hugging Face processor's outputs in camelCase. `pixelValuesVideos` holds the rows
 * (`3·2·14·14` values each, processor order) of all videos concatenated; likewise `pixelValues` for images.
 */
export interface ModelInputs {
  /** Token ids, batch × length (rows of equal length; pad on the left for generation). */
  inputIds: readonly (readonly number[])[];
  /** 1 = real token, 0 = padding; same shape as `inputIds`. Default: all ones. */
  attentionMask?: readonly (readonly number[])[];
  pixelValues?: Float32Array;
  imageGridThw?: readonly GridThw[];
  pixelValuesVideos?: Float32Array;
  videoGridThw?: readonly GridThw[];
  /**
   * Precomputed vision-tower outputs (`model.encodeVision`), `[Σ t·h·w / 4, hidden]` in prompt order: used instead
   * of running the ViT on `pixelValues` / `pixelValuesVideos` (which may then be omitted). The ViT never attends
   * across 2-frame groups, so a live video can be encoded one temporal patch at a time and the rows concatenated.
   * The grids are still required (they define the mRoPE positions).
   */
  imageEmbeds?: Float32Array;
  /** Like `imageEmbeds`, for the videos. */
  videoEmbeds?: Float32Array;
  /** Seconds per temporal patch, one per video (`temporal_patch_size / sampled fps`). Default: 1.0 each. */
  secondPerGridTs?: readonly number[];
}

/** `model.forward` result: row-major logits `[batch, seqLen, vocab]`. */
export interface ForwardOutput {
  logits: Float32Array;
  dims: [number, number, number];
  /**
   * With `outputHiddenStates`: `[inputsEmbeds, layer 0 output, …, last layer output (before the final norm),
   * after the final norm]`, each `[batch, seqLen, hidden]`.
   */
  hiddenStates?: Float32Array[];
  /** With `outputHiddenStates`: the 3-D position ids `[3][batch][seqLen]` and rope deltas used. */
  positionIds?: number[][][];
  ropeDeltas?: number[];
}

/** Checks shapes and counts of {@link ModelInputs}; throws TypeError / InputMismatchError naming the field. */
export function validateInputs(
  inputs: ModelInputs,
  ids: {
    imageTokenId: number;
    videoTokenId: number;
    vocabSize: number;
    patchDim: number;
    mergeUnit: number;
    hiddenSize: number;
  },
): void {
  const rows = inputs.inputIds;
  if (!Array.isArray(rows) || rows.length === 0 || !rows.every((r) => Array.isArray(r))) {
    throw new TypeError('`inputs.inputIds` must be a non-empty array of token id arrays (batch × length).');
  }
  const L = (rows[0] as readonly number[]).length;
  if (L === 0 || !rows.every((r) => r.length === L)) {
    throw new TypeError('`inputs.inputIds` rows must be non-empty and of equal length (pad them).');
  }
  for (const r of rows) {
    for (const t of r) {
      if (!Number.isInteger(t) || t < 0 || t >= ids.vocabSize) {
        throw new TypeError(
          `\`inputs.inputIds\` contains ${t}, outside the vocabulary [0, ${ids.vocabSize}).`,
        );
      }
    }
  }
  if (inputs.attentionMask !== undefined) {
    const m = inputs.attentionMask;
    if (m.length !== rows.length || !m.every((r) => r.length === L && r.every((x) => x === 0 || x === 1))) {
      throw new TypeError('`inputs.attentionMask`, when provided, must be 0/1 rows shaped like `inputIds`.');
    }
    const empty = m.findIndex((r) => !r.includes(1));
    if (empty !== -1) {
      throw new InputMismatchError(
        `\`inputs.attentionMask\` row ${empty} is all padding (no 1): every row needs at least one token.`,
      );
    }
  }
  const count = (tok: number) => rows.reduce((a, r) => a + r.filter((t) => t === tok).length, 0);
  const check = (
    kind: string,
    tok: number,
    pixels: Float32Array | undefined,
    grids: readonly GridThw[] | undefined,
    pixName: string,
    gridName: string,
    embeds: Float32Array | undefined,
    embName: string,
  ) => {
    const n = count(tok);
    const patches = (grids ?? []).reduce((a, g) => a + g[0] * g[1] * g[2], 0);
    if (n !== patches / ids.mergeUnit) {
      throw new InputMismatchError(
        `${n} ${kind} placeholder tokens in inputIds, but \`${gridName}\` describes ${patches / ids.mergeUnit} merged ${kind} tokens.`,
      );
    }
    if (embeds !== undefined) {
      if (embeds.length !== n * ids.hiddenSize) {
        throw new InputMismatchError(
          `\`${embName}\` must hold ${n} rows of ${ids.hiddenSize} values (${n * ids.hiddenSize}); got ${embeds.length}.`,
        );
      }
      return;
    }
    if (patches > 0 && (pixels === undefined || pixels.length !== patches * ids.patchDim)) {
      throw new InputMismatchError(
        `\`${pixName}\` must hold ${patches} rows of ${ids.patchDim} values (${patches * ids.patchDim}); got ${pixels?.length ?? 'none'}.`,
      );
    }
  };
  check(
    'image',
    ids.imageTokenId,
    inputs.pixelValues,
    inputs.imageGridThw,
    'pixelValues',
    'imageGridThw',
    inputs.imageEmbeds,
    'imageEmbeds',
  );
  check(
    'video',
    ids.videoTokenId,
    inputs.pixelValuesVideos,
    inputs.videoGridThw,
    'pixelValuesVideos',
    'videoGridThw',
    inputs.videoEmbeds,
    'videoEmbeds',
  );
  if (
    inputs.secondPerGridTs !== undefined &&
    inputs.secondPerGridTs.length !== (inputs.videoGridThw?.length ?? 0)
  ) {
    throw new TypeError('`inputs.secondPerGridTs`, when provided, must have one entry per video.');
  }
}
