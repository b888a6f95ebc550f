// matmul-vec4: the Linear-layout GEMM out[b, m, n] = sum_k a[b, m, k] * w[b?, n, k] (+ bias[n]) for K a multiple
// of 4 (every Qwen2-VL projection), reading a and w as vec4 along K; accumulation in f32.
// Bindings: 0 uniform Params (as matmul.wgsl); 1 a: array<vec4<T>> [batch, M, K/4]; 2 w: array<vec4<T>>
//           [N, K/4] or [batch, N, K/4] (strideB in vec4 units = 0 to share); 3 bias: array<T> (unless hasBias);
//           4 out: array<T> [batch, M, N].
// Overrides: TILE_M (a multiple of 8), TILE_N (of 4): one workgroup = a TILE_M x TILE_N output tile, (TILE_N/4) x
// (TILE_M/8) threads, each an 8x4 register block (gemm-tiles.ts picks the tile by M).
// K is walked in steps of 32 (KV = 8 vec4 per row) through K-major workgroup tiles (2 x TILE x 8 vec4: 16 KiB
// for 64x64 tiles, the default maxComputeWorkgroupStorageSize).
// The 8x4 register micro-kernel and the store: gemm-tile.wgsl (appended by matmul.ts).
// Dispatch: (ceil(N/TILE_N), ceil(M/TILE_M), batch).
alias T = {{T}};

struct Params {
  M: u32,
  N: u32,
  K: u32,
  hasBias: u32,
  strideA: u32,
  strideB: u32,
  strideC: u32,
}

override TILE_M: u32 = 64u;
override TILE_N: u32 = 64u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<T>>;
@group(0) @binding(2) var<storage, read> w: array<vec4<T>>;
@group(0) @binding(3) var<storage, read> bias: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

const KV = 8u; // vec4 per row per K step (32 scalars)
var<workgroup> tileA: array<vec4f, KV * TILE_M>; // [KV][TILE_M rows]
var<workgroup> tileB: array<vec4f, KV * TILE_N>; // [KV][TILE_N cols]

@compute @workgroup_size(TILE_N / 4u, TILE_M / BM, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let threads = TILE_M * TILE_N / (4u * BM);
  let row0 = wid.y * TILE_M;
  let col0 = wid.x * TILE_N;
  let K4 = p.K / 4u;
  let baseA = wid.z * (p.strideA / 4u);
  let baseB = wid.z * (p.strideB / 4u);
  var acc: array<vec4f, BM>; // acc[i][j]: see gemm-tile.wgsl
  for (var k4 = 0u; k4 < K4; k4 += KV) {
    for (var t = li; t < TILE_M * KV; t += threads) {
      let r = t / KV;
      let c = t % KV;
      var v = vec4f(0.0);
      if (row0 + r < p.M && k4 + c < K4) {
        v = vec4f(a[baseA + (row0 + r) * K4 + k4 + c]);
      }
      tileA[c * TILE_M + r] = v;
    }
    for (var t = li; t < TILE_N * KV; t += threads) {
      let r = t / KV;
      let c = t % KV;
      var v = vec4f(0.0);
      if (col0 + r < p.N && k4 + c < K4) {
        v = vec4f(w[baseB + (col0 + r) * K4 + k4 + c]);
      }
      tileB[c * TILE_N + r] = v;
    }
    workgroupBarrier();
    gemmTileStep(lid, &acc);
    workgroupBarrier();
  }
  gemmTileStore(lid, acc, row0, col0, wid.z * p.strideC);
}
