// WGSL partial (see withPartials in kernel.ts), appended to gemv.wgsl (matmul) and matmul-int4.wgsl: the GEMV
// workgroup of 64 threads = ROWS output columns x LANES lanes. Each lane holds a vec4f of partial dot products,
// one per activation row m < M <= 4; the gemvStore* functions sum them over the lanes of each column in
// workgroup memory and let lane 0 write the column. Call them from uniform control flow (they hold barriers).
// Needs: alias T; p.M, p.N, p.hasBias; bias: array<T> (read unless hasBias = 0); out: array<T>.

const ROWS = 8u; // GEMV_COLUMNS in matmul.ts (the dispatch)
const LANES = 8u;
var<workgroup> partial: array<vec4f, 64>;
var<workgroup> partialUp: array<vec4f, 64>;

// sums partial (and partialUp) over the LANES lanes of each column; the totals end in lane 0
fn reduceLanes(li: u32, lane: u32) {
  workgroupBarrier();
  for (var st = LANES / 2u; st > 0u; st >>= 1u) {
    if (lane < st) {
      partial[li] += partial[li + st];
      partialUp[li] += partialUp[li + st];
    }
    workgroupBarrier();
  }
}

// out[m, n] = sum over lanes of acc[m] (+ bias[n]), out [M, N]; n >= N writes nothing
fn gemvStore(li: u32, n: u32, acc: vec4f) {
  let lane = li % LANES;
  partial[li] = acc;
  partialUp[li] = vec4f(0.0);
  reduceLanes(li, lane);
  if (lane == 0u && n < p.N) {
    var b = 0.0;
    if (p.hasBias != 0u) {
      b = f32(bias[n]);
    }
    for (var m = 0u; m < p.M; m++) {
      out[m * p.N + n] = T(partial[li][m] + b);
    }
  }
}

// SwiGLU of gate column n and up column n + N/2: out[m, n] = silu(g) * u with g = sum of accG[m] (+ bias[n]),
// u = sum of accU[m] (+ bias[n + N/2]), out [M, N/2]; n >= N/2 writes nothing
fn gemvStoreSwiglu(li: u32, n: u32, accG: vec4f, accU: vec4f) {
  let I = p.N / 2u;
  let lane = li % LANES;
  partial[li] = accG;
  partialUp[li] = accU;
  reduceLanes(li, lane);
  if (lane == 0u && n < I) {
    var bg = 0.0;
    var bu = 0.0;
    if (p.hasBias != 0u) {
      bg = f32(bias[n]);
      bu = f32(bias[n + I]);
    }
    for (var m = 0u; m < p.M; m++) {
      let g = partial[li][m] + bg;
      let u = partialUp[li][m] + bu;
      out[m * I + n] = T(g / (1.0 + exp(-g)) * u);
    }
  }
}
