// argmax over the last axis: out[r] = the smallest index of the largest value of logits[r, :] (NaN ignored).
// Bindings: 0 uniform Params; 1 logits: array<T> [rows, V]; 2 out: array<u32> [rows].
// Workgroup: 256 threads per row (strided scan, then a tree reduction on (value, index)).
// Dispatch: rows workgroups as a 2-D grid (row = wid.x + wid.y * nwg.x).
alias T = {{T}};

struct Params {
  rows: u32,
  V: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<T>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;

var<workgroup> bestV: array<f32, 256>;
var<workgroup> bestI: array<u32, 256>;

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  var bv = bitcast<f32>(0xff7fffffu);
  var bi = 0xffffffffu;
  for (var i = li; i < p.V; i += 256u) {
    let x = f32(logits[row * p.V + i]);
    if (x > bv || (x == bv && i < bi)) {
      bv = x;
      bi = i;
    }
  }
  bestV[li] = bv;
  bestI[li] = bi;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) {
      let ov = bestV[li + s];
      let oi = bestI[li + s];
      if (ov > bestV[li] || (ov == bestV[li] && oi < bestI[li])) {
        bestV[li] = ov;
        bestI[li] = oi;
      }
    }
    workgroupBarrier();
  }
  if (li == 0u) {
    out[row] = min(bestI[0], p.V - 1u);
  }
}
