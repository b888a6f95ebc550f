import type { QwenVlConfig } from './config.js';

/** One tensor a checkpoint must have: canonical name, shape, and whether it is a norm gain (initialised near 1). */
export interface ExpectedTensor {
  name: string;
  shape: number[];
  norm: boolean;
}

/** Every tensor of a Qwen2.5-VL / Qwen2-VL checkpoint with this config, in the released checkpoints' order. */
export function expectedTensors(config: QwenVlConfig): ExpectedTensor[] {
  const t = config.text;
  const v = config.vision;
  const H = t.hiddenSize;
  const qd = t.numHeads * t.headDim;
  const kvd = t.numKvHeads * t.headDim;
  const I = t.intermediateSize;
  const out: ExpectedTensor[] = [];
  const add = (name: string, shape: number[], norm = false) => out.push({ name, shape, norm });
  add('model.embed_tokens.weight', [t.vocabSize, H]);
  for (let l = 0; l < t.numLayers; l++) {
    const p = `model.layers.${l}`;
    add(`${p}.input_layernorm.weight`, [H], true);
    add(`${p}.self_attn.q_proj.weight`, [qd, H]);
    add(`${p}.self_attn.q_proj.bias`, [qd]);
    add(`${p}.self_attn.k_proj.weight`, [kvd, H]);
    add(`${p}.self_attn.k_proj.bias`, [kvd]);
    add(`${p}.self_attn.v_proj.weight`, [kvd, H]);
    add(`${p}.self_attn.v_proj.bias`, [kvd]);
    add(`${p}.self_attn.o_proj.weight`, [H, qd]);
    add(`${p}.post_attention_layernorm.weight`, [H], true);
    add(`${p}.mlp.gate_proj.weight`, [I, H]);
    add(`${p}.mlp.up_proj.weight`, [I, H]);
    add(`${p}.mlp.down_proj.weight`, [H, I]);
  }
  add('model.norm.weight', [H], true);
  if (!t.tieWordEmbeddings) {
    add('lm_head.weight', [t.vocabSize, H]);
  }
  const D = v.hiddenSize;
  const VI = v.intermediateSize;
  const layerNorm = v.norm === 'layer';
  add('visual.patch_embed.proj.weight', [D, v.inChannels, v.temporalPatchSize, v.patchSize, v.patchSize]);
  for (let l = 0; l < v.depth; l++) {
    const p = `visual.blocks.${l}`;
    for (const n of ['norm1', 'norm2']) {
      add(`${p}.${n}.weight`, [D], true);
      if (layerNorm) {
        add(`${p}.${n}.bias`, [D]);
      }
    }
    add(`${p}.attn.qkv.weight`, [3 * D, D]);
    add(`${p}.attn.qkv.bias`, [3 * D]);
    add(`${p}.attn.proj.weight`, [D, D]);
    add(`${p}.attn.proj.bias`, [D]);
    if (v.mlp === 'gated') {
      for (const n of ['gate_proj', 'up_proj']) {
        add(`${p}.mlp.${n}.weight`, [VI, D]);
        add(`${p}.mlp.${n}.bias`, [VI]);
      }
      add(`${p}.mlp.down_proj.weight`, [D, VI]);
      add(`${p}.mlp.down_proj.bias`, [D]);
    } else {
      add(`${p}.mlp.fc1.weight`, [VI, D]);
      add(`${p}.mlp.fc1.bias`, [VI]);
      add(`${p}.mlp.fc2.weight`, [D, VI]);
      add(`${p}.mlp.fc2.bias`, [D]);
    }
  }
  const cd = D * v.spatialMergeSize ** 2;
  add('visual.merger.ln_q.weight', [D], true);
  if (layerNorm) {
    add('visual.merger.ln_q.bias', [D]);
  }
  add('visual.merger.mlp.0.weight', [cd, cd]);
  add('visual.merger.mlp.0.bias', [cd]);
  add('visual.merger.mlp.2.weight', [v.outHiddenSize, cd]);
  add('visual.merger.mlp.2.bias', [v.outHiddenSize]);
  return out;
}
