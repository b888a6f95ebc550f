// rmsnorm: out[r, i] = x[r, i] / sqrt(mean_i(x[r, i]^2) + eps) * weight[i]  (Qwen2 / T5 RMSNorm), f32 statistics.
// Bindings: 0 uniform Params; 1 x: array<T> [rows, H]; 2 weight: array<T> [H]; 3 out: array<T> [rows, H].
// Workgroup: 64 threads per row (strided loads, tree reduction in workgroup memory).
// Dispatch: rows workgroups as a 2-D grid (row = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  rows: u32,
  H: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> weight: array<T>;
@group(0) @binding(3) var<storage, read_write> out: array<T>;

const WG = 64u;
var<workgroup> red: array<f32, 64>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let base = row * p.H;
  var ss = 0.0;
  for (var i = li; i < p.H; i += WG) {
    let v = f32(x[base + i]);
    ss += v * v;
  }
  red[li] = ss;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      red[li] += red[li + s];
    }
    workgroupBarrier();
  }
  let inv = inverseSqrt(red[0] / f32(p.H) + p.eps);
  for (var i = li; i < p.H; i += WG) {
    out[base + i] = T(f32(x[base + i]) * inv * f32(weight[i]));
  }
}
