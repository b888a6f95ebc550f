// matmul-int4: weight-only 4-bit product out[m, n] = sum_k x[m, k] * W[n, k] (+ bias[n]), f32 accumulation.
// Weight layout (ONNX MatMulNBits, bits = 4, no zero_points input):
//   qweight: array<u32> [N, K/8]: element (n, k) is the nibble q at bits 4*(k % 8) of word n*K/8 + k/8
//            (= low nibble first in little-endian bytes);
//   scales:  array<T> [N, K/G], G = group size (32, 64 or 128) along K;
//   W[n, k] = (q - 8) * scales[n, k / G]  (fixed zero point 8).
// K must be a multiple of G (pad the weight with zero columns otherwise).
// Entry points:
//   gemv (M <= 4, decode): 64 threads = 8 output columns x 8 lanes; each lane strides over the K/8 words of its
//        column, then an 8-lane tree reduction (ROWS, LANES, gemvStore*: ../../wgsl/gemv-lanes.wgsl, appended by
//        matmul-int4.ts). Dispatch: ceil(N/8) workgroups as a 2-D grid.
//   gemvSwiglu (M <= 4): the SwiGLU MLP's gate/up projection with its activation fused: the weight holds the
//        gate rows [0, N/2) then the up rows [N/2, N); out[m, n] = silu(g) * u for n < N/2, with
//        g = x.W[n] (+ bias[n]) and u = x.W[n + N/2] (+ bias[n + N/2]); out is [M, N/2].
//        Dispatch: ceil(N/2 / 8) workgroups as a 2-D grid.
//   gemm (prefill): a TILE_M x TILE_N output tile per workgroup (overrides; matmul-int4.ts picks 32x32 for
//        M <= 32, 64x64 above), (TILE_N/4) x (TILE_M/4) threads with a 4x4 register block each; K in steps of
//        32 through K-major workgroup tiles of vec4 (64x64 tiles fill the 16 KiB default workgroup storage);
//        the weight tile is
//        dequantised once on load (4 packed words and one scale per column and step), then the same
//        micro-kernel as matmul-vec4.wgsl runs on it (gemm-tile.wgsl, appended by matmul-int4.ts). Dispatch: (ceil(N/TILE_N), ceil(M/TILE_M)).
// Bindings: 0 uniform Params; 1 x: array<T> [M, K]; 2 qweight: array<u32>; 3 scales: array<T>;
//           4 bias: array<T> (ignored unless hasBias); 5 out: array<T> [M, N].
alias T = {{T}};

struct Params {
  M: u32,
  N: u32,
  K: u32,
  G: u32,
  hasBias: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> qweight: array<u32>;
@group(0) @binding(3) var<storage, read> scales: array<T>;
@group(0) @binding(4) var<storage, read> bias: array<T>;
@group(0) @binding(5) var<storage, read_write> out: array<T>;

// the 8 weights of word q (nibble j at bits 4j, minus the zero point 8) as two vec4: nibbles 0-3, 4-7
fn nibbles(q: u32) -> array<vec4f, 2> {
  let lo = vec4f((vec4u(q) >> vec4u(0u, 4u, 8u, 12u)) & vec4u(0xfu)) - 8.0;
  let hi = vec4f((vec4u(q) >> vec4u(16u, 20u, 24u, 28u)) & vec4u(0xfu)) - 8.0;
  return array<vec4f, 2>(lo, hi);
}

// dot products of up to 4 activation rows with the 8 weights of word q, starting at column k0
fn dot8(q: u32, k0: u32) -> vec4f {
  let w = nibbles(q);
  var acc = vec4f(0.0);
  for (var m = 0u; m < p.M; m++) {
    let b = m * p.K + k0;
    let xa = vec4f(f32(x[b]), f32(x[b + 1u]), f32(x[b + 2u]), f32(x[b + 3u]));
    let xb = vec4f(f32(x[b + 4u]), f32(x[b + 5u]), f32(x[b + 6u]), f32(x[b + 7u]));
    acc[m] = dot(w[0], xa) + dot(w[1], xb);
  }
  return acc;
}

@compute @workgroup_size(64, 1, 1)
fn gemv(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let lane = li % LANES;
  let n = (wid.x + wid.y * nwg.x) * ROWS + li / LANES;
  let words = p.K / 8u;
  let groups = p.K / p.G;
  var acc = vec4f(0.0);
  if (n < p.N) {
    for (var w = lane; w < words; w += LANES) {
      let k0 = w * 8u;
      acc += dot8(qweight[n * words + w], k0) * f32(scales[n * groups + k0 / p.G]);
    }
  }
  gemvStore(li, n, acc);
}

@compute @workgroup_size(64, 1, 1)
fn gemvSwiglu(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
              @builtin(local_invocation_index) li: u32) {
  let I = p.N / 2u;
  let lane = li % LANES;
  let n = (wid.x + wid.y * nwg.x) * ROWS + li / LANES;
  let words = p.K / 8u;
  let groups = p.K / p.G;
  var accG = vec4f(0.0);
  var accU = vec4f(0.0);
  if (n < I) {
    for (var w = lane; w < words; w += LANES) {
      let k0 = w * 8u;
      accG += dot8(qweight[n * words + w], k0) * f32(scales[n * groups + k0 / p.G]);
      accU += dot8(qweight[(n + I) * words + w], k0) * f32(scales[(n + I) * groups + k0 / p.G]);
    }
  }
  gemvStoreSwiglu(li, n, accG, accU);
}

override TILE_M: u32 = 64u; // gemm: rows per workgroup (multiple of 4)
override TILE_N: u32 = 64u; // gemm: columns per workgroup (multiple of 4)
const KV = 8u; // gemm: vec4 per tile row per K step (32 scalars = 4 packed words; G is a multiple of 32)
var<workgroup> tileA: array<vec4f, KV * TILE_M>; // [KV][TILE_M rows]: 32 k of x
var<workgroup> tileB: array<vec4f, KV * TILE_N>; // [KV][TILE_N cols]: 32 k of W, dequantised

@compute @workgroup_size(TILE_N / 4u, TILE_M / 4u, 1)
fn gemm(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let threads = TILE_M * TILE_N / 16u;
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  let words = p.K / 8u;
  let groups = p.K / p.G;
  var acc: array<vec4f, 4>; // acc[i][j]: row lid.y*4+i, column lid.x*4+j
  for (var i = 0u; i < 4u; i++) {
    acc[i] = vec4f(0.0);
  }
  for (var k0 = 0u; k0 < p.K; k0 += 4u * KV) {
    // activations: TILE_M rows x 8 vec4 (K is a multiple of G >= 32, so no K bound check)
    for (var t = li; t < TILE_M * KV; t += threads) {
      let r = t / KV;
      let c = t % KV;
      var va = vec4f(0.0);
      if (row0 + r < p.M) {
        let base = (row0 + r) * p.K + k0 + 4u * c;
        va = vec4f(f32(x[base]), f32(x[base + 1u]), f32(x[base + 2u]), f32(x[base + 3u]));
      }
      tileA[c * TILE_M + r] = va;
    }
    // weights: TILE_N columns x 4 packed words (one group, one scale); each word dequantised into two vec4
    for (var t = li; t < TILE_N * 4u; t += threads) {
      let n = t / 4u;
      let wd = t % 4u;
      var lo4 = vec4f(0.0);
      var hi4 = vec4f(0.0);
      if (col0 + n < p.N) {
        let w = nibbles(qweight[(col0 + n) * words + k0 / 8u + wd]);
        let sc = f32(scales[(col0 + n) * groups + k0 / p.G]);
        lo4 = w[0] * sc;
        hi4 = w[1] * sc;
      }
      tileB[wd * 2u * TILE_N + n] = lo4;
      tileB[(wd * 2u + 1u) * TILE_N + n] = hi4;
    }
    workgroupBarrier();
    gemmTileStep(lid, &acc);
    workgroupBarrier();
  }
  gemmTileStore(lid, acc, row0, col0, 0u);
}
