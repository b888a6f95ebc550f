// matmul (tiled GEMM): out[b, m, n] = sum_k a[b, m, k] * B[b](k, n) (+ bias[n]), accumulated in f32.
// B is b[b, k, n] row-major, or b[b, n, k] when TRANS_B (PyTorch Linear weight layout). strideB = 0 broadcasts
// one B over the batch.
// Bindings: 0 uniform Params; 1 a: array<T>; 2 b: array<T>; 3 bias: array<T> (ignored unless hasBias);
//           4 out: array<T>.
// Workgroup: 8x8 threads, each thread computes a 4x4 block: one workgroup = a 32x32 output tile; K is walked in
// steps of 16 through workgroup memory. Dispatch: (ceil(N/32), ceil(M/32), batch).
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

override TRANS_B: bool = false;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read> bias: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

const TM = 32u;
const TN = 32u;
const TK = 16u;
var<workgroup> tileA: array<f32, 512>; // [TM][TK]
var<workgroup> tileB: array<f32, 512>; // [TK][TN]

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wid.y * TM;
  let col0 = wid.x * TN;
  let baseA = wid.z * p.strideA;
  let baseB = wid.z * p.strideB;
  var acc: array<f32, 16>;
  for (var k0 = 0u; k0 < p.K; k0 += TK) {
    for (var i = li; i < TM * TK; i += 64u) {
      let r = i / TK;
      let c = i % TK;
      var v = 0.0;
      if (row0 + r < p.M && k0 + c < p.K) {
        v = f32(a[baseA + (row0 + r) * p.K + k0 + c]);
      }
      tileA[i] = v;
    }
    for (var i = li; i < TK * TN; i += 64u) {
      var k: u32;
      var n: u32;
      if (TRANS_B) {
        n = i / TK;
        k = i % TK;
      } else {
        k = i / TN;
        n = i % TN;
      }
      var v = 0.0;
      if (k0 + k < p.K && col0 + n < p.N) {
        if (TRANS_B) {
          v = f32(b[baseB + (col0 + n) * p.K + k0 + k]);
        } else {
          v = f32(b[baseB + (k0 + k) * p.N + col0 + n]);
        }
      }
      tileB[k * TN + n] = v;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < TK; kk++) {
      var av: array<f32, 4>;
      for (var i = 0u; i < 4u; i++) {
        av[i] = tileA[(lid.y * 4u + i) * TK + kk];
      }
      for (var j = 0u; j < 4u; j++) {
        let bv = tileB[kk * TN + lid.x * 4u + j];
        for (var i = 0u; i < 4u; i++) {
          acc[i * 4u + j] += av[i] * bv;
        }
      }
    }
    workgroupBarrier();
  }
  for (var i = 0u; i < 4u; i++) {
    let r = row0 + lid.y * 4u + i;
    for (var j = 0u; j < 4u; j++) {
      let c = col0 + lid.x * 4u + j;
      if (r < p.M && c < p.N) {
        var v = acc[i * 4u + j];
        if (p.hasBias != 0u) {
          v += f32(bias[c]);
        }
        out[wid.z * p.strideC + r * p.N + c] = T(v);
      }
    }
  }
}
