import { InputMismatchError } from '../errors.js';
import type { GridThw } from './vision-index.js';

/** Inputs of {@link ropeIndex}, named like the HF processor outputs. */
export interface RopeIndexInput {
  inputIds: readonly (readonly number[])[];
  attentionMask?: readonly (readonly number[])[] | undefined;
  imageGridThw?: readonly GridThw[] | undefined;
  videoGridThw?: readonly GridThw[] | undefined;
  /** Seconds per temporal patch per video. Default 1.0 each (what the HF processor passes without fps). */
  secondPerGridTs?: readonly number[] | undefined;
}

/** Token ids and sizes {@link ropeIndex} reads from the config. */
export interface RopeIndexConfig {
  imageTokenId: number;
  videoTokenId: number;
  visionStartTokenId: number;
  spatialMergeSize: number;
  /** Qwen2.5-VL `tokens_per_second`; 0 means Qwen2-VL (temporal ids step by 1 per temporal patch). */
  tokensPerSecond: number;
}

/** 3-D mRoPE ids `[3][B][L]` (t, h, w) and per-row `ropeDeltas` (max id + 1 − padded length). */
export interface RopeIndex {
  positionIds: [number[][], number[][], number[][]];
  ropeDeltas: number[];
}

/**
 * Qwen2.5-VL `get_rope_index` with the original release's temporal formula (absolute time): text ids are
 * consecutive; a vision block starting at `s` gets `t = s + trunc(fround(fround(i·secondPerGridT)·tps))`,
 * `h = s + row`, `w = s + col` on the merged grid; text after it resumes at (max id so far) + 1; images use
 * `secondPerGridT = 0`. Padding positions (mask 0) get 1 on all rows, like transformers.
 */
export function ropeIndex(input: RopeIndexInput, cfg: RopeIndexConfig): RopeIndex {
  const B = input.inputIds.length;
  const L = input.inputIds[0]?.length ?? 0;
  const rows: [number[][], number[][], number[][]] = [[], [], []];
  const deltas: number[] = [];
  let imageIdx = 0;
  let videoIdx = 0;
  const m = cfg.spatialMergeSize;
  for (let b = 0; b < B; b++) {
    const ids = input.inputIds[b] as readonly number[];
    if (ids.length !== L) {
      throw new InputMismatchError(`inputIds row ${b} has ${ids.length} tokens; row 0 has ${L}.`);
    }
    const mask = input.attentionMask?.[b];
    const keep: number[] = [];
    for (let i = 0; i < L; i++) {
      if (!mask || mask[i] === 1) {
        keep.push(i);
      }
    }
    const toks = keep.map((i) => ids[i] as number);
    const t: number[] = [];
    const hh: number[] = [];
    const ww: number[] = [];
    let next = 0; // max id so far + 1
    let st = 0;
    const pushText = (count: number) => {
      for (let k = 0; k < count; k++) {
        t.push(next + k);
        hh.push(next + k);
        ww.push(next + k);
      }
      next += count;
    };
    for (;;) {
      let ed = -1;
      for (let i = st; i < toks.length; i++) {
        if (
          (toks[i] === cfg.imageTokenId || toks[i] === cfg.videoTokenId) &&
          i > 0 &&
          toks[i - 1] === cfg.visionStartTokenId
        ) {
          ed = i;
          break;
        }
      }
      if (ed < 0) {
        break;
      }
      const isImage = toks[ed] === cfg.imageTokenId;
      const grid = isImage ? input.imageGridThw?.[imageIdx] : input.videoGridThw?.[videoIdx];
      if (!grid) {
        throw new InputMismatchError(
          `inputIds row ${b} has more ${isImage ? 'image' : 'video'} blocks than ${isImage ? 'imageGridThw' : 'videoGridThw'} entries.`,
        );
      }
      let secondPerGridT = 0;
      if (!isImage) {
        secondPerGridT = input.secondPerGridTs?.[videoIdx] ?? 1.0;
        videoIdx++;
      } else {
        imageIdx++;
      }
      pushText(ed - st);
      const [gt, gh0, gw0] = grid;
      const gh = gh0 / m;
      const gw = gw0 / m;
      const s = next;
      let max = s - 1;
      const sf = Math.fround(secondPerGridT);
      for (let it = 0; it < gt; it++) {
        // Qwen2-VL (tokensPerSecond 0): ids step by one temporal patch; Qwen2.5-VL: absolute time in float32.
        const tid =
          cfg.tokensPerSecond > 0 ? Math.trunc(Math.fround(Math.fround(it * sf) * cfg.tokensPerSecond)) : it;
        for (let r = 0; r < gh; r++) {
          for (let c = 0; c < gw; c++) {
            t.push(s + tid);
            hh.push(s + r);
            ww.push(s + c);
            max = Math.max(max, s + tid, s + r, s + c);
          }
        }
      }
      next = max + 1;
      st = ed + gt * gh * gw;
      if (st > toks.length) {
        throw new InputMismatchError(
          `inputIds row ${b}: a vision block of ${gt * gh * gw} tokens runs past the end.`,
        );
      }
    }
    pushText(toks.length - st);
    const rt = new Array<number>(L).fill(1);
    const rh = new Array<number>(L).fill(1);
    const rw = new Array<number>(L).fill(1);
    keep.forEach((pos, k) => {
      rt[pos] = t[k] as number;
      rh[pos] = hh[k] as number;
      rw[pos] = ww[k] as number;
    });
    rows[0].push(rt);
    rows[1].push(rh);
    rows[2].push(rw);
    deltas.push(next - L);
  }
  return { positionIds: rows, ropeDeltas: deltas };
}
