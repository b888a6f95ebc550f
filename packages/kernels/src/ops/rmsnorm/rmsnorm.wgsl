// rmsnorm: out[r, i] = h[r, i] / sqrt(mean_i(h[r, i]^2) + eps) * weight[i]  (Qwen2 / T5 RMSNorm), f32 statistics,
// where h = x, or with a residual stream (hasResidual): h = x + residual, and residual is updated in place to h
// (the decoder's `hidden += sublayer_out; normed = norm(hidden)` in one pass).
// Bindings: 0 uniform Params; 1 x: array<T> [rows, H]; 2 weight: array<T> [H];
//           3 residual: array<T> [rows, H] (read_write; ignored unless hasResidual); 4 out: array<T> [rows, H].
// Workgroup: 64 threads per row (strided loads, tree reduction in workgroup memory: workgroupSum from
// ../../wgsl/workgroup-sum.wgsl, appended by rmsnorm.ts); each thread reads back only the residual elements it
// wrote. Dispatch: rows workgroups as a 2-D grid (row = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  rows: u32,
  H: u32,
  eps: f32,
  hasResidual: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> weight: array<T>;
@group(0) @binding(3) var<storage, read_write> residual: array<T>;
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
  var ss = 0.0;
  for (var i = li; i < p.H; i += WG) {
    var v = f32(x[base + i]);
    if (p.hasResidual != 0u) {
      v += f32(residual[base + i]);
      residual[base + i] = T(v);
      v = f32(T(v)); // normalise exactly what the residual stream now holds
    }
    ss += v * v;
  }
  let inv = inverseSqrt(workgroupSum(li, ss) / f32(p.H) + p.eps);
  for (var i = li; i < p.H; i += WG) {
    var v: f32;
    if (p.hasResidual != 0u) {
      v = f32(residual[base + i]);
    } else {
      v = f32(x[base + i]);
    }
    out[base + i] = T(v * inv * f32(weight[i]));
  }
}
