// embedding: out[t, h] = table[ids[t], h] for a dense, int4 or int8 table (KIND override), f32 dequant math.
//   KIND 0 dense: table array<T> [V, H];
//   KIND 1 int4:  table array<u32> [V, H/8] in the MatMulNBits layout (nibble h % 8 of word v*H/8 + h/8),
//                 value (q - 8) * scales[v, h / G];
//   KIND 2 int8:  table array<u32> [V, H/4], byte h % 4 of word v*H/4 + h/4 as a signed int8 (two's
//                 complement), value q * scales[v, h / G] (symmetric, no zero point).
// Ids outside [0, V) produce zeros.
// Bindings: 0 uniform Params; 1 ids: array<u32> [L] (i32 ids are read as their bits); 2 table: array<{{TABLE}}>;
//           3 scales: array<T> [V, H/G] (ignored for KIND 0); 4 out: array<T> [L, H].
// Workgroup: 64 threads, one output element each. Dispatch: ceil(L*H / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  L: u32,
  H: u32,
  V: u32,
  G: u32,
}

override KIND: u32 = 0u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> ids: array<u32>;
@group(0) @binding(2) var<storage, read> table: array<{{TABLE}}>;
@group(0) @binding(3) var<storage, read> scales: array<T>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.L * p.H) {
    return;
  }
  let t = i / p.H;
  let h = i % p.H;
  let v = ids[t];
  if (v >= p.V) {
    out[i] = T(0.0);
    return;
  }
  var value: f32;
  if (KIND == 0u) {
    value = f32(table[v * p.H + h]);
  } else if (KIND == 1u) {
    let q = (u32(table[v * (p.H / 8u) + h / 8u]) >> (4u * (h % 8u))) & 0xfu;
    value = (f32(q) - 8.0) * f32(scales[v * (p.H / p.G) + h / p.G]);
  } else {
    let word = u32(table[v * (p.H / 4u) + h / 4u]);
    let q = i32(word << (24u - 8u * (h % 4u))) >> 24u;
    value = f32(q) * f32(scales[v * (p.H / p.G) + h / p.G]);
  }
  out[i] = T(value);
}
