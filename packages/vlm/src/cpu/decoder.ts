import type { TextConfig } from '../loading/config.js';
import { addInPlace, gatedMlp, linear, rmsNorm, ropeInPlace } from './ops.js';
import type { CpuWeights } from './weights.js';

/** Preallocated per-layer K/V for `batch` rows of up to `capacity` positions: `[B, kvHeads, capacity, headDim]`. */
export class CpuKvCache {
  readonly k: Float32Array[];
  readonly v: Float32Array[];
  /** Positions filled so far (the same for every row: padding is explicit in the attention mask). */
  length = 0;

  constructor(
    readonly cfg: TextConfig,
    readonly batch: number,
    readonly capacity: number,
  ) {
    const size = batch * cfg.numKvHeads * capacity * cfg.headDim;
    this.k = Array.from({ length: cfg.numLayers }, () => new Float32Array(size));
    this.v = Array.from({ length: cfg.numLayers }, () => new Float32Array(size));
  }
}

/** mRoPE cos/sin tables `[B·L, headDim]` from 3-D position ids `[3][B·L]` (float64). */
export function mropeTables(
  positions: readonly ArrayLike<number>[],
  count: number,
  cfg: TextConfig,
): { cos: Float64Array; sin: Float64Array } {
  const hd = cfg.headDim;
  const half = hd / 2;
  const [s0, s1] = cfg.mropeSection;
  const cos = new Float64Array(count * hd);
  const sin = new Float64Array(count * hd);
  for (let f = 0; f < half; f++) {
    const inv = 1 / cfg.ropeTheta ** ((2 * f) / hd);
    const row = f < s0 ? 0 : f < s0 + s1 ? 1 : 2;
    const pos = positions[row] as ArrayLike<number>;
    for (let p = 0; p < count; p++) {
      const a = (pos[p] as number) * inv;
      const c = Math.cos(a);
      const s = Math.sin(a);
      cos[p * hd + f] = c;
      cos[p * hd + half + f] = c;
      sin[p * hd + f] = s;
      sin[p * hd + half + f] = s;
    }
  }
  return { cos, sin };
}

/** What {@link cpuDecoderStep} returns. */
export interface DecoderStepResult {
  /** `[B, rows, vocab]` where rows = L (`logits: 'all'`) or 1 (`'last'`). */
  logits: Float32Array;
  /** Residual stream after each layer `[layers][B·L·hidden]` (only with `collectHidden`). */
  layerOutputs?: Float32Array[];
  /** After the final norm, `[B·L·hidden]` (only with `collectHidden`). */
  normed?: Float32Array;
}

/**
 * One decoder pass over `L` new positions per row, appending their K/V to `cache`. `embeds` is `[B, L, hidden]`;
 * `positions` is `[3][B·L]`; `keyMask[b]` covers all `cache.length + L` positions (1 = attend). Queries attend
 * causally to valid keys; a query with no valid key (left padding) outputs zeros.
 */
export function cpuDecoderStep(
  embeds: Float32Array,
  L: number,
  positions: readonly ArrayLike<number>[],
  keyMask: readonly ArrayLike<number>[],
  cache: CpuKvCache,
  w: CpuWeights,
  options: { logits: 'all' | 'last'; collectHidden?: boolean },
): DecoderStepResult {
  const cfg = cache.cfg;
  const B = cache.batch;
  const H = cfg.hiddenSize;
  const hd = cfg.headDim;
  const nh = cfg.numHeads;
  const nkv = cfg.numKvHeads;
  const group = nh / nkv;
  const past = cache.length;
  const total = past + L;
  if (total > cache.capacity) {
    throw new RangeError(`KV cache overflow: ${total} positions > capacity ${cache.capacity}.`);
  }
  const rows = B * L;
  const { cos, sin } = mropeTables(positions, rows, cfg);
  const x = embeds.slice();
  const layerOutputs: Float32Array[] = [];
  const scale = 1 / Math.sqrt(hd);
  const scores = new Float64Array(total);
  const I = cfg.intermediateSize;
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `model.layers.${l}`;
    const hn = rmsNorm(x, H, w.get(`${p}.input_layernorm.weight`, H), cfg.rmsNormEps);
    const q = linear(
      hn,
      rows,
      H,
      w.get(`${p}.self_attn.q_proj.weight`, nh * hd * H),
      nh * hd,
      w.get(`${p}.self_attn.q_proj.bias`, nh * hd),
    );
    const k = linear(
      hn,
      rows,
      H,
      w.get(`${p}.self_attn.k_proj.weight`, nkv * hd * H),
      nkv * hd,
      w.get(`${p}.self_attn.k_proj.bias`, nkv * hd),
    );
    const v = linear(
      hn,
      rows,
      H,
      w.get(`${p}.self_attn.v_proj.weight`, nkv * hd * H),
      nkv * hd,
      w.get(`${p}.self_attn.v_proj.bias`, nkv * hd),
    );
    for (let r = 0; r < rows; r++) {
      for (let h = 0; h < nh; h++) {
        ropeInPlace(q, (r * nh + h) * hd, hd, cos, sin, r * hd);
      }
      for (let h = 0; h < nkv; h++) {
        ropeInPlace(k, (r * nkv + h) * hd, hd, cos, sin, r * hd);
      }
    }
    const kc = cache.k[l] as Float32Array;
    const vc = cache.v[l] as Float32Array;
    for (let b = 0; b < B; b++) {
      for (let i = 0; i < L; i++) {
        for (let h = 0; h < nkv; h++) {
          const dst = ((b * nkv + h) * cache.capacity + past + i) * hd;
          const src = ((b * L + i) * nkv + h) * hd;
          kc.set(k.subarray(src, src + hd), dst);
          vc.set(v.subarray(src, src + hd), dst);
        }
      }
    }
    const att = new Float32Array(rows * nh * hd);
    for (let b = 0; b < B; b++) {
      const mask = keyMask[b] as ArrayLike<number>;
      for (let i = 0; i < L; i++) {
        const last = past + i; // causal: keys 0..last
        for (let h = 0; h < nh; h++) {
          const kvh = Math.floor(h / group);
          const qo = ((b * L + i) * nh + h) * hd;
          const base = (b * nkv + kvh) * cache.capacity;
          let max = -Infinity;
          for (let j = 0; j <= last; j++) {
            if (mask[j] !== 1) {
              scores[j] = -Infinity;
              continue;
            }
            const ko = (base + j) * hd;
            let dot = 0;
            for (let e = 0; e < hd; e++) {
              dot += (q[qo + e] as number) * (kc[ko + e] as number);
            }
            const sc = dot * scale;
            scores[j] = sc;
            if (sc > max) {
              max = sc;
            }
          }
          if (max === -Infinity) {
            continue; // no valid key (left padding): output stays zero
          }
          let sum = 0;
          for (let j = 0; j <= last; j++) {
            const e = scores[j] === -Infinity ? 0 : Math.exp((scores[j] as number) - max);
            scores[j] = e;
            sum += e;
          }
          const oo = ((b * L + i) * nh + h) * hd;
          for (let e = 0; e < hd; e++) {
            let acc = 0;
            for (let j = 0; j <= last; j++) {
              const s = scores[j] as number;
              if (s !== 0) {
                acc += s * (vc[(base + j) * hd + e] as number);
              }
            }
            att[oo + e] = acc / sum;
          }
        }
      }
    }
    addInPlace(x, linear(att, rows, nh * hd, w.get(`${p}.self_attn.o_proj.weight`, H * nh * hd), H));
    const hn2 = rmsNorm(x, H, w.get(`${p}.post_attention_layernorm.weight`, H), cfg.rmsNormEps);
    addInPlace(
      x,
      gatedMlp(
        hn2,
        rows,
        H,
        I,
        {
          gate: w.get(`${p}.mlp.gate_proj.weight`, I * H),
          up: w.get(`${p}.mlp.up_proj.weight`, I * H),
          down: w.get(`${p}.mlp.down_proj.weight`, I * H),
        },
        'silu',
      ),
    );
    if (options.collectHidden) {
      layerOutputs.push(x.slice());
    }
  }
  cache.length = total;
  const normed = rmsNorm(x, H, w.get('model.norm.weight', H), cfg.rmsNormEps);
  const head =
    cfg.tieWordEmbeddings || !w.has('lm_head.weight') ? 'model.embed_tokens.weight' : 'lm_head.weight';
  const V = cfg.vocabSize;
  const headW = w.get(head, V * H);
  let logits: Float32Array;
  if (options.logits === 'all') {
    logits = linear(normed, rows, H, headW, V);
  } else {
    const lastRows = new Float32Array(B * H);
    for (let b = 0; b < B; b++) {
      lastRows.set(normed.subarray((b * L + L - 1) * H, (b * L + L) * H), b * H);
    }
    logits = linear(lastRows, B, H, headW, V);
  }
  const result: DecoderStepResult = { logits };
  if (options.collectHidden) {
    result.layerOutputs = layerOutputs;
    result.normed = normed;
  }
  return result;
}
