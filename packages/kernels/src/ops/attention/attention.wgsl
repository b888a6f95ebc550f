// attention (flash-style, online softmax in f32): for query i and head h,
//   out[i, h, :] = sum_j softmax_j(scale * q[i, h] . k[j, g]) v[j, g],  g = h / (Hq / Hkv)  (GQA),
// over the keys j in [lo, hi) of the query:
//   segments (nseg > 0, prefill): cu_seqlens[s] <= i < cu_seqlens[s + 1] gives [cu[s], cu[s + 1]) (block-diagonal
//     attention of the Qwen2-VL ViT windows / frames);
//   otherwise [0, totalKeys) with query i at absolute position pastLen + i (decode / chunked prefill on a cache);
//   causal: hi = min(hi, position + 1).
// (Params and keyRange: attention-keys.wgsl, appended by attention.ts.)
// The key range is split in `splits` chunks of `chunk` keys (split-K, for decode): with splits = 1 the
// workgroup writes out directly, else it writes (m, l, acc[D]) partials that attention-combine.wgsl merges.
// K/V addressing: element (j, g, d) at j * kvTokenStride + g * kvHeadStride + d, so token-major [L, Hkv, D]
// tensors (kvTokenStride = Hkv*D, kvHeadStride = D) and head-major caches [Hkv, capacity, D]
// (kvTokenStride = D, kvHeadStride = capacity*D) both work.
// Bindings: 0 uniform Params; 1 q: array<T> [Lq, Hq, D]; 2 k: array<T>; 3 v: array<T>;
//           4 cu: array<u32> [nseg + 1]; 5 partials: array<f32> [Lq, Hq, splits, D + 2]; 6 out: array<T> [Lq, Hq, D].
// Workgroup: 64 threads per (query, head, split): 64 keys scored per step (one per thread, into workgroup
// memory; every thread then scans the block for its max and weights), each thread owns
// dims li, li+64, li+128, li+192 of the accumulator (D <= 256). Dispatch: (Lq * Hq * splits) as a 2-D grid.
alias T = {{T}};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<T>;
@group(0) @binding(2) var<storage, read> k: array<T>;
@group(0) @binding(3) var<storage, read> v: array<T>;
@group(0) @binding(4) var<storage, read> cu: array<u32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<T>;

const WG = 64u;
const NEG = -3.0e38;
var<workgroup> qs: array<f32, 256>;
var<workgroup> probs: array<f32, 64>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let id = wid.x + wid.y * nwg.x;
  if (id >= p.Lq * p.Hq * p.splits) {
    return;
  }
  let split = id % p.splits;
  let qh = id / p.splits; // i * Hq + h
  let i = qh / p.Hq;
  let h = qh % p.Hq;
  let g = h / (p.Hq / p.Hkv);
  let D = p.D;

  let keys = keyRange(i, split);
  let start = keys.x;
  let end = keys.y;

  for (var d = li; d < D; d += WG) {
    qs[d] = f32(q[qh * D + d]) * p.scale;
  }
  workgroupBarrier();

  var m = NEG;
  var l = 0.0;
  var acc = vec4f(0.0);
  let kvBase = g * p.kvHeadStride;
  for (var j0 = start; j0 < end; j0 += WG) {
    let j = j0 + li;
    let valid = j < end;
    var s = NEG;
    if (valid) {
      s = 0.0;
      let kb = kvBase + j * p.kvTokenStride;
      for (var d = 0u; d < D; d++) {
        s += qs[d] * f32(k[kb + d]);
      }
    }
    probs[li] = s;
    workgroupBarrier();
    // every thread scans the block's scores (one barrier instead of a tree reduction)
    let n = min(WG, end - j0);
    var bmax = NEG;
    for (var t = 0u; t < n; t++) {
      bmax = max(bmax, probs[t]);
    }
    let mNew = max(m, bmax);
    let corr = exp(m - mNew);
    var blockSum = 0.0;
    var contrib = vec4f(0.0);
    for (var t = 0u; t < n; t++) {
      let pt = exp(probs[t] - mNew);
      blockSum += pt;
      let vb = kvBase + (j0 + t) * p.kvTokenStride;
      for (var c = 0u; c < 4u; c++) {
        let d = li + c * WG;
        if (d < D) {
          contrib[c] += pt * f32(v[vb + d]);
        }
      }
    }
    l = l * corr + blockSum;
    acc = acc * corr + contrib;
    m = mNew;
    workgroupBarrier();
  }

  if (p.splits == 1u) {
    var inv = 0.0;
    if (l > 0.0) {
      inv = 1.0 / l;
    }
    for (var c = 0u; c < 4u; c++) {
      let d = li + c * WG;
      if (d < D) {
        out[qh * D + d] = T(acc[c] * inv);
      }
    }
  } else {
    let base = id * (D + 2u);
    if (li == 0u) {
      partials[base] = m;
      partials[base + 1u] = l;
    }
    for (var c = 0u; c < 4u; c++) {
      let d = li + c * WG;
      if (d < D) {
        partials[base + 2u + d] = acc[c];
      }
    }
  }
}
