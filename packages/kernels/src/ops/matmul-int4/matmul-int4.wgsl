// matmul-int4: weight-only 4-bit product out[m, n] = sum_k x[m, k] * W[n, k] (+ bias[n]), f32 accumulation.
// Weight layout (ONNX MatMulNBits, bits = 4, no zero_points input):
//   qweight: array<u32> [N, K/8]: element (n, k) is the nibble q at bits 4*(k % 8) of word n*K/8 + k/8
//            (= low nibble first in little-endian bytes);
//   scales:  array<T> [N, K/G], G = group size (32, 64 or 128) along K;
//   W[n, k] = (q - 8) * scales[n, k / G]  (fixed zero point 8).
// K must be a multiple of G (pad the weight with zero columns otherwise).
// Entry points:
//   gemv (M <= 4, decode): 64 threads = 8 output columns x 8 lanes; each lane strides over the K/32 groups of
//        its column (one vec4<u32> of 32 weights and one scale each), then an 8-lane tree reduction (ROWS, LANES,
//        gemvStore*: ../../wgsl/gemv-lanes.wgsl, appended by matmul-int4.ts). Dispatch: ceil(N/8) workgroups as
//        a 2-D grid.
//   gemvSwiglu (M <= 4): the SwiGLU MLP's gate/up projection with its activation fused: the weight holds the
//        gate rows [0, N/2) then the up rows [N/2, N); out[m, n] = silu(g) * u for n < N/2, with
//        g = x.W[n] (+ bias[n]) and u = x.W[n + N/2] (+ bias[n + N/2]); out is [M, N/2].
//        Dispatch: ceil(N/2 / 8) workgroups as a 2-D grid.
//   gemm (prefill): a TILE_M x TILE_N output tile per workgroup (overrides; ../matmul/gemm-tiles.ts picks the
//        tile by M), (TILE_N/4) x (TILE_M/8) threads with an 8x4 register block each; K in steps of 32 through
//        K-major workgroup tiles of vec4 (64x64 tiles fill the 16 KiB default workgroup storage); the weight tile
//        is dequantised once on load (one vec4<u32> and one scale per column and step), then the same
//        micro-kernel as matmul-vec4.wgsl runs on it (gemm-tile.wgsl, appended by matmul-int4.ts).
//        Dispatch: (ceil(N/TILE_N), ceil(M/TILE_M)).
// Since K is a multiple of G >= 32, x and qweight are read 16 bytes at a time: x as vec4 along K, qweight as
// vec4<u32> (4 words = 32 weights of one group, so one scale).
// Bindings: 0 uniform Params; 1 x: array<vec4<T>> [M, K/4]; 2 qweight: array<vec4<u32>> [N, K/32];
//           3 scales: array<T>; 4 bias: array<T> (ignored unless hasBias); 5 out: array<T> [M, N].
alias T = {{T}};

struct Params {
  M: u32,
  N: u32,
  K: u32,
  G: u32,
  hasBias: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<T>>;
@group(0) @binding(2) var<storage, read> qweight: array<vec4<u32>>;
@group(0) @binding(3) var<storage, read> scales: array<T>;
@group(0) @binding(4) var<storage, read> bias: array<T>;
@group(0) @binding(5) var<storage, read_write> out: array<T>;

// the 8 weights of word q (nibble j at bits 4j, minus the zero point 8) as two vec4: nibbles 0-3, 4-7
fn nibbles(q: u32) -> array<vec4f, 2> {
  let lo = vec4f((vec4u(q) >> vec4u(0u, 4u, 8u, 12u)) & vec4u(0xfu)) - 8.0;
  let hi = vec4f((vec4u(q) >> vec4u(16u, 20u, 24u, 28u)) & vec4u(0xfu)) - 8.0;
  return array<vec4f, 2>(lo, hi);
}

// dot products of up to 4 activation rows with the 32 weights of q (one group), from vec4 k4 of each row
fn dot32(q: vec4u, k4: u32) -> vec4f {
  var w: array<vec4f, 8>;
  for (var j = 0u; j < 4u; j++) {
    let h = nibbles(q[j]);
    w[2u * j] = h[0];
    w[2u * j + 1u] = h[1];
  }
  let K4 = p.K / 4u;
  var acc = vec4f(0.0);
  for (var m = 0u; m < 4u; m++) {
    if (m < p.M) {
      var s = vec4f(0.0);
      for (var c = 0u; c < 8u; c++) {
        s += w[c] * vec4f(x[m * K4 + k4 + c]);
      }
      acc[m] = s.x + s.y + s.z + s.w;
    }
  }
  return acc;
}

// this lane's share of column n: groups of 32 weights c = lane, lane + LANES, ...
fn columnDot(n: u32, lane: u32) -> vec4f {
  let chunks = p.K / 32u;
  let groups = p.K / p.G;
  var acc = vec4f(0.0);
  for (var c = lane; c < chunks; c += LANES) {
    acc += dot32(qweight[n * chunks + c], 8u * c) * f32(scales[n * groups + 32u * c / p.G]);
  }
  return acc;
}

@compute @workgroup_size(64, 1, 1)
fn gemv(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let n = (wid.x + wid.y * nwg.x) * ROWS + li / LANES;
  var acc = vec4f(0.0);
  if (n < p.N) {
    acc = columnDot(n, li % LANES);
  }
  gemvStore(li, n, acc);
}

@compute @workgroup_size(64, 1, 1)
fn gemvSwiglu(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
              @builtin(local_invocation_index) li: u32) {
  let I = p.N / 2u;
  let n = (wid.x + wid.y * nwg.x) * ROWS + li / LANES;
  var accG = vec4f(0.0);
  var accU = vec4f(0.0);
  if (n < I) {
    accG = columnDot(n, li % LANES);
    accU = columnDot(n + I, li % LANES);
  }
  gemvStoreSwiglu(li, n, accG, accU);
}

override TILE_M: u32 = 64u; // gemm: rows per workgroup (multiple of BM = 8)
override TILE_N: u32 = 64u; // gemm: columns per workgroup (multiple of 4)
const KV = 8u; // gemm: vec4 per tile row per K step (32 scalars = 4 packed words; G is a multiple of 32)
var<workgroup> tileA: array<vec4f, KV * TILE_M>; // [KV][TILE_M rows]: 32 k of x
var<workgroup> tileB: array<vec4f, KV * TILE_N>; // [KV][TILE_N cols]: 32 k of W, dequantised

@compute @workgroup_size(TILE_N / 4u, TILE_M / BM, 1)
fn gemm(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let threads = TILE_M * TILE_N / (4u * BM);
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  let chunks = p.K / 32u;
  let groups = p.K / p.G;
  let K4 = p.K / 4u;
  var acc: array<vec4f, BM>; // acc[i][j]: see gemm-tile.wgsl
  for (var k0 = 0u; k0 < p.K; k0 += 4u * KV) {
    // activations: TILE_M rows x 8 vec4 (K is a multiple of G >= 32, so no K bound check)
    for (var t = li; t < TILE_M * KV; t += threads) {
      let r = t / KV;
      let c = t % KV;
      var va = vec4f(0.0);
      if (row0 + r < p.M) {
        va = vec4f(x[(row0 + r) * K4 + k0 / 4u + c]);
      }
      tileA[c * TILE_M + r] = va;
    }
    // weights: TILE_N columns x one vec4<u32> (32 weights, one group, one scale), dequantised into 8 vec4
    for (var n = li; n < TILE_N; n += threads) {
      var q = vec4u(0x88888888u); // zero weights past N (nibble 8 = the zero point)
      var sc = 0.0;
      if (col0 + n < p.N) {
        q = qweight[(col0 + n) * chunks + k0 / 32u];
        sc = f32(scales[(col0 + n) * groups + k0 / p.G]);
      }
      for (var j = 0u; j < 4u; j++) {
        let h = nibbles(q[j]);
        tileB[2u * j * TILE_N + n] = h[0] * sc;
        tileB[(2u * j + 1u) * TILE_N + n] = h[1] * sc;
      }
    }
    workgroupBarrier();
    gemmTileStep(lid, &acc);
    workgroupBarrier();
  }
  gemmTileStore(lid, acc, row0, col0, 0u);
}
