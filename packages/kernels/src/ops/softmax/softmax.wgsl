// softmax over the last axis: out[r, i] = exp(x[r, i] - max_r) / sum_i exp(x[r, i] - max_r), f32 math, with the
// max and the sum found in one pass (online rescaling) and one tree reduction of (max, sum) pairs.
// Bindings: 0 uniform Params; 1 x: array<T> [rows, C]; 2 out: array<T> [rows, C].
// Workgroup: 64 threads in segments of S threads (S a power of two, 1..64, in Params: softmax.ts picks about
// C / 8 so short rows do not leave threads idle), one row per segment: 64 / S rows per workgroup.
// Dispatch: ceil(rows / (64 / S)) workgroups as a 2-D grid.
alias T = {{T}};

struct Params {
  rows: u32,
  C: u32,
  S: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read_write> out: array<T>;

const WG = 64u;
var<workgroup> redM: array<f32, 64>;
var<workgroup> redS: array<f32, 64>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let lane = li % p.S;
  let head = li - lane; // the segment's first thread
  let row = (wid.x + wid.y * nwg.x) * (WG / p.S) + li / p.S;
  let live = row < p.rows; // not uniform: no early return before the barriers
  let base = row * p.C;
  // one pass: running max and sum of exp relative to it (online softmax), then one (max, sum) tree reduction
  var m = bitcast<f32>(0xff7fffffu); // -FLT_MAX
  var sum = 0.0;
  if (live) {
    for (var i = lane; i < p.C; i += p.S) {
      let v = f32(x[base + i]);
      let mNew = max(m, v);
      sum = sum * exp(m - mNew) + exp(v - mNew);
      m = mNew;
    }
  }
  redM[li] = m;
  redS[li] = sum;
  workgroupBarrier();
  for (var s = p.S / 2u; s > 0u; s >>= 1u) {
    if (lane < s) {
      let m1 = redM[li];
      let m2 = redM[li + s];
      let mm = max(m1, m2);
      redS[li] = redS[li] * exp(m1 - mm) + redS[li + s] * exp(m2 - mm);
      redM[li] = mm;
    }
    workgroupBarrier();
  }
  let rowMax = redM[head];
  let inv = 1.0 / redS[head];
  if (live) {
    for (var i = lane; i < p.C; i += p.S) {
      out[base + i] = T(exp(f32(x[base + i]) - rowMax) * inv);
    }
  }
}
