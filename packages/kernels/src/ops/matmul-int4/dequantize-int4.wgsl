// dequantize-int4: W[n, k] = (q(n, k) - 8) * scales[n, k / G] for the MatMulNBits-style layout documented in
// matmul-int4.wgsl (qweight array<u32> [N, K/8], scales array<T> [N, K/G]).
// Bindings: 0 uniform Params; 1 qweight: array<u32>; 2 scales: array<T>; 3 out: array<T> [N, K].
// Workgroup: 64 threads, one output element each. Dispatch: ceil(N*K / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  N: u32,
  K: u32,
  G: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> qweight: array<u32>;
@group(0) @binding(2) var<storage, read> scales: array<T>;
@group(0) @binding(3) var<storage, read_write> out: array<T>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.N * p.K) {
    return;
  }
  let n = i / p.K;
  let k = i % p.K;
  let q = (qweight[n * (p.K / 8u) + k / 8u] >> (4u * (k % 8u))) & 0xfu;
  out[i] = T((f32(q) - 8.0) * f32(scales[n * (p.K / p.G) + k / p.G]));
}
