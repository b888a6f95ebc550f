// layernorm: out[r, i] = (x[r, i] - mean) / sqrt(var + eps) * weight[i] + bias[i], biased variance, f32 stats
// (two passes: mean, then mean squared deviation).
// Bindings: 0 uniform Params; 1 x: array<T> [rows, H]; 2 weight: array<T> [H]; 3 bias: array<T> [H]
//           (ignored unless hasBias); 4 out: array<T> [rows, H].
// Workgroup: 64 threads per row (workgroupSum: ../../wgsl/workgroup-sum.wgsl, appended by layernorm.ts).
// Dispatch: rows workgroups as a 2-D grid (row = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  rows: u32,
  H: u32,
  eps: f32,
  hasBias: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> weight: array<T>;
@group(0) @binding(3) var<storage, read> bias: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

const WG = 64u;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let base = row * p.H;
  var s = 0.0;
  for (var i = li; i < p.H; i += WG) {
    s += f32(x[base + i]);
  }
  let mean = workgroupSum(li, s) / f32(p.H);
  var sq = 0.0;
  for (var i = li; i < p.H; i += WG) {
    let d = f32(x[base + i]) - mean;
    sq += d * d;
  }
  let inv = inverseSqrt(workgroupSum(li, sq) / f32(p.H) + p.eps);
  for (var i = li; i < p.H; i += WG) {
    var v = (f32(x[base + i]) - mean) * inv * f32(weight[i]);
    if (p.hasBias != 0u) {
      v += f32(bias[i]);
    }
    out[base + i] = T(v);
  }
}
