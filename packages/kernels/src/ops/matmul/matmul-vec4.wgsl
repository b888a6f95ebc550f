// matmul-vec4: the Linear-layout GEMM out[b, m, n] = sum_k a[b, m, k] * w[b?, n, k] (+ bias[n]) for K a multiple
// of 4 (every Qwen2-VL projection), reading a and w as vec4 along K; accumulation in f32.
// Bindings: 0 uniform Params (as matmul.wgsl); 1 a: array<vec4<T>> [batch, M, K/4]; 2 w: array<vec4<T>>
//           [N, K/4] or [batch, N, K/4] (strideB in vec4 units = 0 to share); 3 bias: array<T> (unless hasBias);
//           4 out: array<T> [batch, M, N].
// Workgroup: 16x16 threads, each computes a 4x4 block: one workgroup = a 64x64 output tile; K is walked in steps
// of 16 (4 vec4 per row) through workgroup memory, one vec4 of a and one of w loaded per thread and step.
// Dispatch: (ceil(N/64), ceil(M/64), batch).
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

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<vec4<T>>;
@group(0) @binding(2) var<storage, read> w: array<vec4<T>>;
@group(0) @binding(3) var<storage, read> bias: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

const TILE = 64u;
const KV = 4u; // vec4 per row per K step (16 scalars)
var<workgroup> tileA: array<vec4f, 256>; // [64 rows][4 vec4]
var<workgroup> tileB: array<vec4f, 256>; // [64 cols][4 vec4]

@compute @workgroup_size(16, 16, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wid.y * TILE;
  let col0 = wid.x * TILE;
  let K4 = p.K / 4u;
  let baseA = wid.z * (p.strideA / 4u);
  let baseB = wid.z * (p.strideB / 4u);
  var acc: array<vec4f, 4>; // acc[i][j]: row lid.y*4+i, column lid.x*4+j
  for (var i = 0u; i < 4u; i++) {
    acc[i] = vec4f(0.0);
  }
  let r = li / KV; // 0..63
  let c = li % KV; // 0..3
  for (var k4 = 0u; k4 < K4; k4 += KV) {
    var va = vec4f(0.0);
    if (row0 + r < p.M && k4 + c < K4) {
      va = vec4f(a[baseA + (row0 + r) * K4 + k4 + c]);
    }
    tileA[li] = va;
    var vb = vec4f(0.0);
    if (col0 + r < p.N && k4 + c < K4) {
      vb = vec4f(w[baseB + (col0 + r) * K4 + k4 + c]);
    }
    tileB[li] = vb;
    workgroupBarrier();
    for (var kk = 0u; kk < KV; kk++) {
      var av: array<vec4f, 4>;
      var bv: array<vec4f, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tileA[(lid.y * 4u + i) * KV + kk];
        bv[i] = tileB[(lid.x * 4u + i) * KV + kk];
      }
      for (var i = 0u; i < 4u; i++) {
        acc[i] += vec4f(dot(av[i], bv[0]), dot(av[i], bv[1]), dot(av[i], bv[2]), dot(av[i], bv[3]));
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let row = row0 + lid.y * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let col = col0 + lid.x * 4u + j;
      if (row < p.M && col < p.N) {
        var v = acc[i][j];
        if (p.hasBias != 0u) {
          v += f32(bias[col]);
        }
        out[wid.z * p.strideC + row * p.N + col] = T(v);
      }
    }
  }
}
