// kv-cache-write: copies new keys and values k, v [Lq, Hkv, D] (token-major, as projected) into head-major
// caches kCache, vCache [Hkv, capacity, D] at token positions pastLen .. pastLen + Lq - 1.
// Bindings: 0 uniform Params; 1 k: array<T>; 2 v: array<T>; 3 kCache: array<T>; 4 vCache: array<T>.
// Workgroup: 64 threads, one element (of both k and v) each. Dispatch: ceil(Lq*Hkv*D / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  Lq: u32,
  Hkv: u32,
  D: u32,
  capacity: u32,
  pastLen: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> k: array<T>;
@group(0) @binding(2) var<storage, read> v: array<T>;
@group(0) @binding(3) var<storage, read_write> kCache: array<T>;
@group(0) @binding(4) var<storage, read_write> vCache: array<T>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.Lq * p.Hkv * p.D) {
    return;
  }
  let d = i % p.D;
  let g = (i / p.D) % p.Hkv;
  let t = i / (p.D * p.Hkv);
  let dst = (g * p.capacity + p.pastLen + t) * p.D + d;
  kCache[dst] = k[i];
  vCache[dst] = v[i];
}
