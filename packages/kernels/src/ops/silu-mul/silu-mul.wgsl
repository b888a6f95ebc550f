// silu-mul (SwiGLU activation): out[r, i] = silu(gate[r, i]) * up[r, i], silu(x) = x / (1 + exp(-x)), f32 math.
// Gate and up are either two tensors (separate = 1: gate in binding 1, up in binding 2) or one fused
// [rows, 2*I] tensor holding [gate | up] per row (separate = 0: binding 1, binding 2 ignored) as produced by a
// single matmul with concatenated gate/up weights.
// Bindings: 0 uniform Params; 1 gate (or gateUp): array<T>; 2 up: array<T>; 3 out: array<T> [rows, I].
// Workgroup: 64 threads, one output each. Dispatch: ceil(rows * I / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  n: u32,
  I: u32,
  separate: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> gate: array<T>;
@group(0) @binding(2) var<storage, read> up: array<T>;
@group(0) @binding(3) var<storage, read_write> out: array<T>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.n) {
    return;
  }
  var g: f32;
  var u: f32;
  if (p.separate != 0u) {
    g = f32(gate[i]);
    u = f32(up[i]);
  } else {
    let r = i / p.I;
    let c = i % p.I;
    g = f32(gate[r * 2u * p.I + c]);
    u = f32(gate[r * 2u * p.I + p.I + c]);
  }
  out[i] = T(g / (1.0 + exp(-g)) * u);
}
