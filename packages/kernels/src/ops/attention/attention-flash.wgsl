// attention-flash: prefill attention (createAttention) for head dims that are a multiple of 4, flash-attention
// style. Same semantics and uniforms (Params, with splits = 1) as attention.wgsl (see there; Params and keyRange:
// attention-keys.wgsl, appended by attention.ts).
// Bindings: 0 uniform Params; 1 q: array<vec4<T>> [Lq, Hq, D]; 2 k, 3 v: array<vec4<T>> [L, Hkv, D] (strides in
// Params, in scalars); 4 cu: array<u32> [nseg + 1]; 5 out: array<vec4<T>> [Lq, Hq, D].
// Tiling: the rows of KV head g are its (query i, query head h of g's group) pairs in query-major order
// (row = i * group + h % group); a workgroup owns 64 consecutive rows, one per thread, so its queries and the
// GQA heads that share g read every key/value block once, from workgroup memory. The tile loops over the
// union of its rows' key ranges [lo(first row), hi(last row)) (both nondecreasing in i for a causal mask and
// for nondecreasing cu_seqlens), BK keys at a time; a thread skips blocks outside its own range (causal
// triangle, other segments). Per block: BK scores (vec4 dots, q in registers), one rescale of the running
// max/sum/accumulator (f32), then p = exp(s - m) and acc += p * v. No barrier between scoring and
// accumulation: a row never leaves its thread.
// Template: T (storage dtype), D4 = D / 4, BK = keys per block (BK * D4 <= 512: K and V blocks are 16 KiB of
// f32 vec4 at most, the default maxComputeWorkgroupStorageSize).
// Workgroup: 64 threads. Dispatch: Hkv * ceil(Lq * group / 64) workgroups as a 2-D grid, group = Hq / Hkv.
alias T = {{T}};

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> q: array<vec4<T>>;
@group(0) @binding(2) var<storage, read> k: array<vec4<T>>;
@group(0) @binding(3) var<storage, read> v: array<vec4<T>>;
@group(0) @binding(4) var<storage, read> cu: array<u32>;
@group(0) @binding(5) var<storage, read_write> out: array<vec4<T>>;

const WG = 64u;
const D4 = {{D4}}u;
const BK = {{BK}}u;
const NEG = -3.0e38;
var<workgroup> ks: array<vec4f, BK * D4>; // [BK][D4]
var<workgroup> vs: array<vec4f, BK * D4>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let group = p.Hq / p.Hkv;
  let rows = p.Lq * group;
  let tiles = (rows + WG - 1u) / WG;
  let id = wid.x + wid.y * nwg.x;
  if (id >= tiles * p.Hkv) {
    return;
  }
  let g = id / tiles;
  let row0 = (id % tiles) * WG;
  let rowEnd = min(rows, row0 + WG);
  // the tile's key range (uniform: the loop below holds barriers)
  let lo = keyRange(row0 / group, 0u).x;
  let hi = keyRange((rowEnd - 1u) / group, 0u).y;

  let row = min(row0 + li, rowEnd - 1u); // threads past the last row shadow it and write nothing
  let live = row0 + li < rowEnd;
  let i = row / group;
  let qh = i * p.Hq + g * group + row % group;
  let mine = keyRange(i, 0u);

  var qv: array<vec4f, D4>;
  var acc: array<vec4f, D4>;
  for (var d = 0u; d < D4; d++) {
    qv[d] = vec4f(q[qh * D4 + d]) * p.scale;
    acc[d] = vec4f(0.0);
  }
  var m = NEG;
  var l = 0.0;
  let kvBase = g * (p.kvHeadStride / 4u);
  let tok4 = p.kvTokenStride / 4u;
  for (var j0 = lo; j0 < hi; j0 += BK) {
    workgroupBarrier(); // the previous block is consumed
    for (var e = li; e < BK * D4; e += WG) {
      let j = j0 + e / D4;
      var kk = vec4f(0.0);
      var vv = vec4f(0.0); // zeros past hi: p = 0 times a stale value could be NaN
      if (j < hi) {
        let a = kvBase + j * tok4 + e % D4;
        kk = vec4f(k[a]);
        vv = vec4f(v[a]);
      }
      ks[e] = kk;
      vs[e] = vv;
    }
    workgroupBarrier();
    if (live && j0 < mine.y && j0 + BK > mine.x) {
      var s: array<f32, BK>;
      var bmax = m;
      for (var t = 0u; t < BK; t++) {
        let j = j0 + t;
        var sc = NEG;
        if (j >= mine.x && j < mine.y) {
          var dv = vec4f(0.0);
          for (var d = 0u; d < D4; d++) {
            dv += qv[d] * ks[t * D4 + d];
          }
          sc = dv.x + dv.y + dv.z + dv.w;
        }
        s[t] = sc;
        bmax = max(bmax, sc);
      }
      let corr = exp(m - bmax);
      m = bmax;
      l *= corr;
      for (var d = 0u; d < D4; d++) {
        acc[d] *= corr;
      }
      for (var t = 0u; t < BK; t++) {
        let pt = exp(s[t] - m); // 0 for masked keys (s = NEG)
        l += pt;
        for (var d = 0u; d < D4; d++) {
          acc[d] += pt * vs[t * D4 + d];
        }
      }
    }
  }

  if (live) {
    var inv = 0.0;
    if (l > 0.0) {
      inv = 1.0 / l;
    }
    for (var d = 0u; d < D4; d++) {
      out[qh * D4 + d] = vec4<T>(acc[d] * inv);
    }
  }
}
