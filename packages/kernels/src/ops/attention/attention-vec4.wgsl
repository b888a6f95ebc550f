// attention-vec4: attention.wgsl for head dims that are a multiple of 4 (all Qwen2-VL heads: 80 and 128), with
// q, k, v, out as array<vec4<T>> and GQA-aware work sharing: one workgroup serves up to 8 query heads that
// share a KV head, so every key and value vector is read once for all of them (the decode bottleneck).
// Same semantics, uniforms (Params) and bindings as attention.wgsl (see there; Params and keyRange:
// attention-keys.wgsl, appended by attention.ts); kvTokenStride and kvHeadStride are given
// in scalars and divided by 4 here.
// Workgroup: 64 threads per (query, KV head, chunk of <= 8 of its query heads, split): thread li scores key
// j0 + li for every head of the chunk (vec4 dot products, scores in workgroup memory), then accumulates output
// dims 4*li .. 4*li + 3 (D <= 256) of every head with an online softmax.
// Dispatch: Lq * Hkv * ceil(group / 8) * splits workgroups as a 2-D grid, group = Hq / Hkv.
alias T = {{T}};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<T>>;
@group(0) @binding(2) var<storage, read> k: array<vec4<T>>;
@group(0) @binding(3) var<storage, read> v: array<vec4<T>>;
@group(0) @binding(4) var<storage, read> cu: array<u32>;
@group(0) @binding(5) var<storage, read_write> partials: array<f32>;
@group(0) @binding(6) var<storage, read_write> out: array<vec4<T>>;

const WG = 64u;
const HMAX = 8u;
const NEG = -3.0e38;
var<workgroup> qs: array<vec4f, 512>; // [HMAX][64]
var<workgroup> probs: array<f32, 512>; // [HMAX][64]

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let group = p.Hq / p.Hkv;
  let chunks = (group + HMAX - 1u) / HMAX;
  let id = wid.x + wid.y * nwg.x;
  if (id >= p.Lq * p.Hkv * chunks * p.splits) {
    return;
  }
  let split = id % p.splits;
  let rest = id / p.splits;
  let hc = rest % chunks;
  let ig = rest / chunks; // i * Hkv + g
  let i = ig / p.Hkv;
  let g = ig % p.Hkv;
  let h0 = g * group + hc * HMAX; // first query head of this workgroup
  let nh = min(HMAX, group - hc * HMAX);
  let D4 = p.D / 4u;
  let tok4 = p.kvTokenStride / 4u;

  let keys = keyRange(i, split);
  let start = keys.x;
  let end = keys.y;

  if (li < D4) {
    for (var hh = 0u; hh < nh; hh++) {
      qs[hh * WG + li] = vec4f(q[(i * p.Hq + h0 + hh) * D4 + li]) * p.scale;
    }
  }
  workgroupBarrier();

  var m: array<f32, 8>;
  var l: array<f32, 8>;
  var acc: array<vec4f, 8>;
  for (var hh = 0u; hh < HMAX; hh++) {
    m[hh] = NEG;
    l[hh] = 0.0;
    acc[hh] = vec4f(0.0);
  }
  let kvBase = g * (p.kvHeadStride / 4u);
  for (var j0 = start; j0 < end; j0 += WG) {
    let j = j0 + li;
    if (j < end) {
      let kb = kvBase + j * tok4;
      var s: array<f32, 8>;
      for (var hh = 0u; hh < HMAX; hh++) {
        s[hh] = 0.0; // explicit: some compilers hoist the loop-local array and keep the last block's sums
      }
      for (var d = 0u; d < D4; d++) {
        let kv = vec4f(k[kb + d]);
        for (var hh = 0u; hh < nh; hh++) {
          s[hh] += dot(qs[hh * WG + d], kv);
        }
      }
      for (var hh = 0u; hh < nh; hh++) {
        probs[hh * WG + li] = s[hh];
      }
    }
    workgroupBarrier();
    let n = min(WG, end - j0);
    for (var hh = 0u; hh < nh; hh++) {
      var bmax = NEG;
      for (var t = 0u; t < n; t++) {
        bmax = max(bmax, probs[hh * WG + t]);
      }
      let mNew = max(m[hh], bmax);
      let corr = exp(m[hh] - mNew);
      l[hh] *= corr;
      acc[hh] *= corr;
      m[hh] = mNew;
    }
    for (var t = 0u; t < n; t++) {
      var vv = vec4f(0.0);
      if (li < D4) {
        vv = vec4f(v[kvBase + (j0 + t) * tok4 + li]);
      }
      for (var hh = 0u; hh < nh; hh++) {
        let pt = exp(probs[hh * WG + t] - m[hh]);
        l[hh] += pt;
        acc[hh] += pt * vv;
      }
    }
    workgroupBarrier();
  }

  for (var hh = 0u; hh < nh; hh++) {
    let qh = i * p.Hq + h0 + hh;
    if (p.splits == 1u) {
      var inv = 0.0;
      if (l[hh] > 0.0) {
        inv = 1.0 / l[hh];
      }
      if (li < D4) {
        out[qh * D4 + li] = vec4<T>(acc[hh] * inv);
      }
    } else {
      let base = (qh * p.splits + split) * (p.D + 2u);
      if (li == 0u) {
        partials[base] = m[hh];
        partials[base + 1u] = l[hh];
      }
      if (li < D4) {
        for (var c = 0u; c < 4u; c++) {
          partials[base + 2u + 4u * li + c] = acc[hh][c];
        }
      }
    }
  }
}
