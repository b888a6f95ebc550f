// binary: out[i] = a[i] OP b[i % bSize] (OP = + or *, chosen by the OP override), f32 math. A `b` smaller than
// `a` is broadcast cyclically: a bias/gain over the last axis, or a residual of the same shape.
// Bindings: 0 uniform Params; 1 a: array<T>; 2 b: array<T>; 3 out: array<T>.
// Workgroup: 64 threads, one element each. Dispatch: ceil(n / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  n: u32,
  bSize: u32,
}

override OP: u32 = 0u; // 0 = add, 1 = mul

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> a: array<T>;
@group(0) @binding(2) var<storage, read> b: array<T>;
@group(0) @binding(3) var<storage, read_write> out: array<T>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.n) {
    return;
  }
  let x = f32(a[i]);
  let y = f32(b[i % p.bSize]);
  if (OP == 0u) {
    out[i] = T(x + y);
  } else {
    out[i] = T(x * y);
  }
}
