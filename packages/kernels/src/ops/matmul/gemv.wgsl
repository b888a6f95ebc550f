// gemv: out[m, n] = sum_k x[m, k] * w[n, k] (+ bias[n]) for a few rows m (decode), w in Linear layout [N, K].
// Accumulates in f32.
// Entry gemvSwiglu fuses the SwiGLU activation: w holds gate rows [0, N/2) then up rows [N/2, N) and
// out[m, n] = silu(x.w[n] + bias[n]) * (x.w[n + N/2] + bias[n + N/2]) is [M, N/2].
// Bindings: 0 uniform Params; 1 x: array<T> [M, K]; 2 w: array<T> [N, K]; 3 bias: array<T> (unless hasBias = 0);
//           4 out: array<T> [M, N] ([M, N/2] for gemvSwiglu).
// K % 4 == 0 (matmul.ts routes other K to the tiled GEMM): x and w are read as vec4 along K.
// Workgroup: 64 threads = ROWS (8) output columns x LANES (8) lanes; lane l of a column reads the vec4 at
// k/4 = l, l + 8, ... (8 lanes cover 128 contiguous bytes of f32 weights); then an 8-lane tree reduction in
// workgroup memory (ROWS, LANES, gemvStore*: ../../wgsl/gemv-lanes.wgsl, appended by matmul.ts). M <= 4.
// Dispatch: ceil(columns / 8) workgroups as a 2-D grid (column block = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  M: u32,
  N: u32,
  K: u32,
  hasBias: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<vec4<T>>;
@group(0) @binding(2) var<storage, read> w: array<vec4<T>>;
@group(0) @binding(3) var<storage, read> bias: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

fn rowDot(n: u32, lane: u32) -> vec4f {
  let K4 = p.K / 4u;
  var acc: array<vec4f, 4>; // per activation row: 4 partial sums (one per vec4 component)
  for (var k = lane; k < K4; k += LANES) {
    let wv = vec4f(w[n * K4 + k]);
    for (var m = 0u; m < 4u; m++) {
      if (m < p.M) {
        acc[m] += wv * vec4f(x[m * K4 + k]);
      }
    }
  }
  let one = vec4f(1.0);
  return vec4f(dot(acc[0], one), dot(acc[1], one), dot(acc[2], one), dot(acc[3], one));
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let lane = li % LANES;
  let n = (wid.x + wid.y * nwg.x) * ROWS + li / LANES;
  var acc = vec4f(0.0);
  if (n < p.N) {
    acc = rowDot(n, lane);
  }
  gemvStore(li, n, acc);
}

@compute @workgroup_size(64, 1, 1)
fn gemvSwiglu(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
              @builtin(local_invocation_index) li: u32) {
  let I = p.N / 2u;
  let lane = li % LANES;
  let n = (wid.x + wid.y * nwg.x) * ROWS + li / LANES;
  var accG = vec4f(0.0);
  var accU = vec4f(0.0);
  if (n < I) {
    accG = rowDot(n, lane);
    accU = rowDot(n + I, lane);
  }
  gemvStoreSwiglu(li, n, accG, accU);
}
