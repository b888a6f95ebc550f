import type { VisionConfig } from '../loading/config.js';
import { cuSeqlens, rotaryPositionIds, windowIndex, type GridThw } from '../processing/vision-index.js';
import { activateInPlace, addInPlace, gatedMlp, layerNorm, linear, rmsNorm, ropeInPlace } from './ops.js';
import type { CpuWeights } from './weights.js';

/** Optional intermediate results of {@link cpuVisionForward} for the first item (debugging and parity tests). */
export interface VisionDebug {
  /** Conv3d patch embeddings, processor order `[patches, hidden]`. */
  patchEmbeds?: Float32Array;
  /** Output of each block in processor order, `[depth, patches, hidden]`. */
  blockOutputs?: Float32Array;
}

function norm(x: Float32Array, cfg: VisionConfig, w: CpuWeights, prefix: string): Float32Array {
  const d = cfg.hiddenSize;
  return cfg.norm === 'rms'
    ? rmsNorm(x, d, w.get(`${prefix}.weight`, d), 1e-6)
    : layerNorm(x, d, w.get(`${prefix}.weight`, d), w.get(`${prefix}.bias`, d), 1e-6);
}

/** Vision rotary tables `[N, headDim]` (cos, sin) from (row, col) patch positions, theta 10000, float64. */
function visionRotary(pos: Int32Array, headDim: number): { cos: Float64Array; sin: Float64Array } {
  const n = pos.length / 2;
  const dim = headDim / 2; // VisionRotaryEmbedding(head_dim / 2)
  const nf = dim / 2;
  const inv = Array.from({ length: nf }, (_, i) => 1 / 10000 ** ((2 * i) / dim));
  const cos = new Float64Array(n * headDim);
  const sin = new Float64Array(n * headDim);
  for (let p = 0; p < n; p++) {
    const row = pos[2 * p] as number;
    const col = pos[2 * p + 1] as number;
    for (let f = 0; f < nf; f++) {
      // Channel layout [row·f, col·f] duplicated: [row·f, col·f, row·f, col·f].
      const ar = row * (inv[f] as number);
      const ac = col * (inv[f] as number);
      for (const base of [0, dim]) {
        cos[p * headDim + base + f] = Math.cos(ar);
        sin[p * headDim + base + f] = Math.sin(ar);
        cos[p * headDim + base + nf + f] = Math.cos(ac);
        sin[p * headDim + base + nf + f] = Math.sin(ac);
      }
    }
  }
  return { cos, sin };
}

/** Non-causal multi-head attention within each `[cu[i], cu[i+1])` segment; q/k/v packed as `[N, 3, heads, d]`. */
function segmentAttention(
  qkv: Float32Array,
  n: number,
  heads: number,
  d: number,
  cu: Int32Array,
): Float32Array {
  const dim = heads * d;
  const out = new Float32Array(n * dim);
  const scale = 1 / Math.sqrt(d);
  let scores = new Float64Array(0);
  for (let s = 0; s + 1 < cu.length; s++) {
    const a = cu[s] as number;
    const b = cu[s + 1] as number;
    if (b <= a) {
      continue;
    }
    if (scores.length < b - a) {
      scores = new Float64Array(b - a);
    }
    for (let h = 0; h < heads; h++) {
      for (let i = a; i < b; i++) {
        const qo = i * 3 * dim + h * d;
        let max = -Infinity;
        for (let j = a; j < b; j++) {
          const ko = j * 3 * dim + dim + h * d;
          let dot = 0;
          for (let e = 0; e < d; e++) {
            dot += (qkv[qo + e] as number) * (qkv[ko + e] as number);
          }
          const sc = dot * scale;
          scores[j - a] = sc;
          if (sc > max) {
            max = sc;
          }
        }
        let sum = 0;
        for (let j = 0; j < b - a; j++) {
          const e = Math.exp((scores[j] as number) - max);
          scores[j] = e;
          sum += e;
        }
        const oo = i * dim + h * d;
        for (let e = 0; e < d; e++) {
          let acc = 0;
          for (let j = a; j < b; j++) {
            acc += (scores[j - a] as number) * (qkv[j * 3 * dim + 2 * dim + h * d + e] as number);
          }
          out[oo + e] = acc / sum;
        }
      }
    }
  }
  return out;
}

/**
 * Runs the vision tower on one media item: Conv3d patch embed, window/full attention blocks with 2-D rotary, patch
 * merger, reverse window permutation. `pixels` are `t·h·w` rows of `3·tp·p·p` values in processor order. Returns
 * `[t·h·w / merge², outHiddenSize]` in processor (prompt) order.
 */
export function cpuVisionItem(
  pixels: Float32Array,
  grid: GridThw,
  cfg: VisionConfig,
  w: CpuWeights,
  debug?: VisionDebug,
): Float32Array {
  const [t, h, wd] = grid;
  const n = t * h * wd;
  const d = cfg.hiddenSize;
  const heads = cfg.numHeads;
  const hd = cfg.headDim;
  const unit = cfg.spatialMergeSize ** 2;
  const inDim = cfg.inChannels * cfg.temporalPatchSize * cfg.patchSize * cfg.patchSize;
  const emb = linear(pixels, n, inDim, w.get('visual.patch_embed.proj.weight', d * inDim), d);
  if (debug) {
    debug.patchEmbeds = emb.slice();
    debug.blockOutputs = new Float32Array(cfg.depth * n * d);
  }

  // Window permutation (merge-unit granularity) of the hidden states and of the rotary positions.
  const windowed = cfg.windowSize > 0;
  const plan = windowed
    ? windowIndex([grid], cfg.windowSize, cfg.patchSize, cfg.spatialMergeSize)
    : { index: Int32Array.from({ length: n / unit }, (_, i) => i), cuWindowSeqlens: cuSeqlens([grid]) };
  const perm = new Int32Array(n); // permuted position -> processor position
  for (let i = 0; i < plan.index.length; i++) {
    for (let u = 0; u < unit; u++) {
      perm[i * unit + u] = (plan.index[i] as number) * unit + u;
    }
  }
  let x: Float32Array = new Float32Array(n * d);
  const posRaw = rotaryPositionIds(grid, cfg.spatialMergeSize);
  const pos = new Int32Array(n * 2);
  for (let i = 0; i < n; i++) {
    const src = perm[i] as number;
    x.set(emb.subarray(src * d, src * d + d), i * d);
    pos[2 * i] = posRaw[2 * src] as number;
    pos[2 * i + 1] = posRaw[2 * src + 1] as number;
  }
  const { cos, sin } = visionRotary(pos, hd);
  const full = cuSeqlens([grid]);
  const fullSet = new Set(cfg.fullAttBlockIndexes);

  for (let l = 0; l < cfg.depth; l++) {
    const p = `visual.blocks.${l}`;
    const cu = !windowed || fullSet.has(l) ? full : plan.cuWindowSeqlens;
    const hn = norm(x, cfg, w, `${p}.norm1`);
    const qkv = linear(
      hn,
      n,
      d,
      w.get(`${p}.attn.qkv.weight`, 3 * d * d),
      3 * d,
      w.get(`${p}.attn.qkv.bias`, 3 * d),
    );
    for (let i = 0; i < n; i++) {
      for (let hh = 0; hh < heads; hh++) {
        ropeInPlace(qkv, i * 3 * d + hh * hd, hd, cos, sin, i * hd);
        ropeInPlace(qkv, i * 3 * d + d + hh * hd, hd, cos, sin, i * hd);
      }
    }
    const att = segmentAttention(qkv, n, heads, hd, cu);
    addInPlace(
      x,
      linear(att, n, d, w.get(`${p}.attn.proj.weight`, d * d), d, w.get(`${p}.attn.proj.bias`, d)),
    );
    const hn2 = norm(x, cfg, w, `${p}.norm2`);
    const I = cfg.intermediateSize;
    let m: Float32Array;
    if (cfg.mlp === 'gated') {
      m = gatedMlp(
        hn2,
        n,
        d,
        I,
        {
          gate: w.get(`${p}.mlp.gate_proj.weight`, I * d),
          up: w.get(`${p}.mlp.up_proj.weight`, I * d),
          down: w.get(`${p}.mlp.down_proj.weight`, I * d),
          gateB: w.get(`${p}.mlp.gate_proj.bias`, I),
          upB: w.get(`${p}.mlp.up_proj.bias`, I),
          downB: w.get(`${p}.mlp.down_proj.bias`, d),
        },
        cfg.hiddenAct,
      );
    } else {
      const f = linear(hn2, n, d, w.get(`${p}.mlp.fc1.weight`, I * d), I, w.get(`${p}.mlp.fc1.bias`, I));
      activateInPlace(f, cfg.hiddenAct);
      m = linear(f, n, I, w.get(`${p}.mlp.fc2.weight`, I * d), d, w.get(`${p}.mlp.fc2.bias`, d));
    }
    addInPlace(x, m);
    if (debug?.blockOutputs) {
      for (let i = 0; i < n; i++) {
        debug.blockOutputs.set(x.subarray(i * d, i * d + d), (l * n + (perm[i] as number)) * d);
      }
    }
  }

  // Merger: ln_q, then 4 consecutive (merge-group) rows as one vector -> Linear -> GELU -> Linear.
  x = norm(x, cfg, w, 'visual.merger.ln_q');
  const groups = n / unit;
  const cd = d * unit;
  const out = cfg.outHiddenSize;
  const m1 = linear(
    x,
    groups,
    cd,
    w.get('visual.merger.mlp.0.weight', cd * cd),
    cd,
    w.get('visual.merger.mlp.0.bias', cd),
  );
  activateInPlace(m1, 'gelu');
  const merged = linear(
    m1,
    groups,
    cd,
    w.get('visual.merger.mlp.2.weight', out * cd),
    out,
    w.get('visual.merger.mlp.2.bias', out),
  );
  // Undo the window permutation: row i of `merged` is merged token plan.index[i].
  const result = new Float32Array(groups * out);
  for (let i = 0; i < groups; i++) {
    const dst = plan.index[i] as number;
    result.set(merged.subarray(i * out, i * out + out), dst * out);
  }
  return result;
}

/** Runs {@link cpuVisionItem} on each item (pixels concatenated in item order) and concatenates the embeddings. */
export function cpuVisionForward(
  pixels: Float32Array,
  grids: readonly GridThw[],
  cfg: VisionConfig,
  w: CpuWeights,
  debug?: VisionDebug,
): Float32Array {
  const inDim = cfg.inChannels * cfg.temporalPatchSize * cfg.patchSize * cfg.patchSize;
  const unit = cfg.spatialMergeSize ** 2;
  const total = grids.reduce((a, [t, h, ww]) => a + (t * h * ww) / unit, 0);
  const out = new Float32Array(total * cfg.outHiddenSize);
  let rowOff = 0;
  let outOff = 0;
  grids.forEach((g, i) => {
    const n = g[0] * g[1] * g[2];
    const item = cpuVisionItem(
      pixels.subarray(rowOff * inDim, (rowOff + n) * inDim),
      g,
      cfg,
      w,
      i === 0 ? debug : undefined,
    );
    out.set(item, outOff);
    rowOff += n;
    outOff += item.length;
  });
  return out;
}
