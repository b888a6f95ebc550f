/** A media item's patch grid: temporal groups, patch rows, patch columns (`[t, h, w]`, as `*_grid_thw`). */
export type GridThw = readonly [number, number, number];

/**
 * `(row, col)` patch coordinates of every patch of one item, in processor order (2×2 merge groups contiguous),
 * repeated for each temporal group; the positions `rot_pos_emb` uses. Returns `[N·2]` interleaved (row, col).
 */
export function rotaryPositionIds(grid: GridThw, mergeSize: number): Int32Array {
  const [t, h, w] = grid;
  const per = h * w;
  const out = new Int32Array(t * per * 2);
  let k = 0;
  for (let bh = 0; bh < h / mergeSize; bh++) {
    for (let bw = 0; bw < w / mergeSize; bw++) {
      for (let ih = 0; ih < mergeSize; ih++) {
        for (let iw = 0; iw < mergeSize; iw++) {
          out[k++] = bh * mergeSize + ih;
          out[k++] = bw * mergeSize + iw;
        }
      }
    }
  }
  for (let g = 1; g < t; g++) {
    out.copyWithin(g * per * 2, 0, per * 2);
  }
  return out;
}

/** Result of {@link windowIndex}. */
export interface WindowPlan {
  /** Merged-token permutation: position i of the window order holds merged token `index[i]`. */
  index: Int32Array;
  /** Patch-unit window boundaries, after removing repeats (`unique_consecutive`), starting at 0. */
  cuWindowSeqlens: Int32Array;
  /** The raw boundaries before de-duplication (may repeat where a padded window is empty). */
  cuWindowSeqlensRaw: Int32Array;
}

/**
 * Qwen2.5-VL `get_window_index` for a list of grids: windows of `windowSize / mergeSize / patchSize` merged
 * tokens per side, padded to whole windows per temporal group; empty padded windows give repeated boundaries.
 */
export function windowIndex(
  grids: readonly GridThw[],
  windowSize: number,
  patchSize: number,
  mergeSize: number,
): WindowPlan {
  const vws = Math.floor(windowSize / mergeSize / patchSize);
  const unit = mergeSize * mergeSize;
  const index: number[] = [];
  const raw: number[] = [0];
  let idBase = 0;
  for (const [t, h, w] of grids) {
    const gh = h / mergeSize;
    const gw = w / mergeSize;
    const padH = vws - (gh % vws);
    const padW = vws - (gw % vws);
    const nwh = (gh + padH) / vws;
    const nww = (gw + padW) / vws;
    for (let ti = 0; ti < t; ti++) {
      for (let wy = 0; wy < nwh; wy++) {
        for (let wx = 0; wx < nww; wx++) {
          let count = 0;
          for (let y = wy * vws; y < (wy + 1) * vws; y++) {
            for (let x = wx * vws; x < (wx + 1) * vws; x++) {
              if (y < gh && x < gw) {
                index.push(idBase + ti * gh * gw + y * gw + x);
                count++;
              }
            }
          }
          raw.push((raw[raw.length - 1] as number) + count * unit);
        }
      }
    }
    idBase += t * gh * gw;
  }
  const dedup = raw.filter((v, i) => i === 0 || v !== raw[i - 1]);
  return {
    index: Int32Array.from(index),
    cuWindowSeqlens: Int32Array.from(dedup),
    cuWindowSeqlensRaw: Int32Array.from(raw),
  };
}

/** Full-attention boundaries: one segment of `h·w` patches per temporal group of every item. */
export function cuSeqlens(grids: readonly GridThw[]): Int32Array {
  const out = [0];
  for (const [t, h, w] of grids) {
    for (let i = 0; i < t; i++) {
      out.push((out[out.length - 1] as number) + h * w);
    }
  }
  return Int32Array.from(out);
}
