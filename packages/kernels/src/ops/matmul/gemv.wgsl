// gemv: out[m, n] = sum_k x[m, k] * w[n, k] (+ bias[n]) for a few rows m (decode), w in Linear layout [N, K].
// Accumulates in f32.
// Bindings: 0 uniform Params; 1 x: array<T> [M, K]; 2 w: array<T> [N, K]; 3 bias: array<T> (unless hasBias = 0);
//           4 out: array<T> [M, N].
// Entry gemvSwiglu fuses the SwiGLU activation: w holds gate rows [0, N/2) then up rows [N/2, N) and
// out[m, n] = silu(x.w[n] + bias[n]) * (x.w[n + N/2] + bias[n + N/2]) is [M, N/2] (dispatch N/2 workgroups).
// Workgroup: 64 threads per output column n; each thread strides over K, then a tree reduction in workgroup
// memory. M <= 4. Dispatch: N workgroups as a 2-D grid (n = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  M: u32,
  N: u32,
  K: u32,
  hasBias: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> w: array<T>;
@group(0) @binding(3) var<storage, read> bias: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

const WG = 64u;
var<workgroup> partial: array<vec4f, 64>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let n = wid.x + wid.y * nwg.x;
  if (n >= p.N) {
    return;
  }
  var acc = vec4f(0.0);
  let wrow = n * p.K;
  for (var k = li; k < p.K; k += WG) {
    let wv = f32(w[wrow + k]);
    for (var m = 0u; m < p.M; m++) {
      acc[m] += wv * f32(x[m * p.K + k]);
    }
  }
  partial[li] = acc;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      partial[li] += partial[li + s];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    let total = partial[0];
    var b = 0.0;
    if (p.hasBias != 0u) {
      b = f32(bias[n]);
    }
    for (var m = 0u; m < p.M; m++) {
      out[m * p.N + n] = T(total[m] + b);
    }
  }
}

var<workgroup> partialUp: array<vec4f, 64>;

@compute @workgroup_size(64, 1, 1)
fn gemvSwiglu(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
              @builtin(local_invocation_index) li: u32) {
  let I = p.N / 2u;
  let n = wid.x + wid.y * nwg.x;
  if (n >= I) {
    return;
  }
  var accG = vec4f(0.0);
  var accU = vec4f(0.0);
  for (var k = li; k < p.K; k += WG) {
    let wg = f32(w[n * p.K + k]);
    let wu = f32(w[(n + I) * p.K + k]);
    for (var m = 0u; m < p.M; m++) {
      let xv = f32(x[m * p.K + k]);
      accG[m] += wg * xv;
      accU[m] += wu * xv;
    }
  }
  partial[li] = accG;
  partialUp[li] = accU;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      partial[li] += partial[li + s];
      partialUp[li] += partialUp[li + s];
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    var bg = 0.0;
    var bu = 0.0;
    if (p.hasBias != 0u) {
      bg = f32(bias[n]);
      bu = f32(bias[n + I]);
    }
    for (var m = 0u; m < p.M; m++) {
      let g = partial[0][m] + bg;
      let u = partialUp[0][m] + bu;
      out[m * I + n] = T(g / (1.0 + exp(-g)) * u);
    }
  }
}
