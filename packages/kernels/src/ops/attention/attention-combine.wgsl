// attention-combine: merges split-K partials (m, l, acc[D]) of attention.wgsl:
//   M = max_s m_s;  out = sum_s exp(m_s - M) acc_s / sum_s exp(m_s - M) l_s   (0 when no key was attended).
// Bindings: 0 uniform Params; 1 partials: array<f32> [Lq*Hq, splits, D + 2]; 2 out: array<T> [Lq, Hq, D].
// Workgroup: 64 threads per (query, head), one dim each (strided). Dispatch: Lq * Hq as a 2-D grid.
alias T = {{T}};

struct Params {
  rows: u32,
  D: u32,
  splits: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> partials: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<T>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let stride = p.D + 2u;
  let base = row * p.splits * stride;
  var M = -3.0e38;
  for (var s = 0u; s < p.splits; s++) {
    if (partials[base + s * stride + 1u] > 0.0) {
      M = max(M, partials[base + s * stride]);
    }
  }
  var L = 0.0;
  for (var s = 0u; s < p.splits; s++) {
    let l = partials[base + s * stride + 1u];
    if (l > 0.0) {
      L += exp(partials[base + s * stride] - M) * l;
    }
  }
  var inv = 0.0;
  if (L > 0.0) {
    inv = 1.0 / L;
  }
  for (var d = li; d < p.D; d += 64u) {
    var a = 0.0;
    for (var s = 0u; s < p.splits; s++) {
      if (partials[base + s * stride + 1u] > 0.0) {
        a += exp(partials[base + s * stride] - M) * partials[base + s * stride + 2u + d];
      }
    }
    out[row * p.D + d] = T(a * inv);
  }
}
