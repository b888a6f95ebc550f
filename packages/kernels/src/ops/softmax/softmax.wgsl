// softmax over the last axis: out[r, i] = exp(x[r, i] - max_r) / sum_i exp(x[r, i] - max_r), f32 math.
// Bindings: 0 uniform Params; 1 x: array<T> [rows, C]; 2 out: array<T> [rows, C].
// Workgroup: 64 threads per row. Dispatch: rows workgroups as a 2-D grid (row = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  rows: u32,
  C: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read_write> out: array<T>;

const WG = 64u;
var<workgroup> red: array<f32, 64>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let base = row * p.C;
  var m = bitcast<f32>(0xff7fffffu); // -FLT_MAX
  for (var i = li; i < p.C; i += WG) {
    m = max(m, f32(x[base + i]));
  }
  red[li] = m;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      red[li] = max(red[li], red[li + s]);
    }
    workgroupBarrier();
  }
  let rowMax = red[0];
  workgroupBarrier();
  var sum = 0.0;
  for (var i = li; i < p.C; i += WG) {
    sum += exp(f32(x[base + i]) - rowMax);
  }
  red[li] = sum;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      red[li] += red[li + s];
    }
    workgroupBarrier();
  }
  let inv = 1.0 / red[0];
  for (var i = li; i < p.C; i += WG) {
    out[base + i] = T(exp(f32(x[base + i]) - rowMax) * inv);
  }
}
