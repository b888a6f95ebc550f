// sample: temperature + top-k + top-p sampling of one token per row, entirely on the GPU (HF warper order:
// temperature, top-k, top-p; ties ranked by lower index).
// 1. k-th largest key by a 32-step bisection over order-preserving u32 keys of the f32 logits;
// 2. candidates gathered into workgroup memory: every key above it (fewer than k), then the ties at it with
//    the lowest indices up to k in all (per-thread contiguous blocks + a scan of their tie counts, so the
//    choice is by index however many tokens tie), bitonic-sorted by (value desc, index asc);
// 3. probabilities exp((x - x0) / temperature), top-p prefix (keep token i while the mass before it < topP),
//    then the first kept token whose cumulative mass exceeds random * kept mass.
// Bindings: 0 uniform Params (sizes, topK, topP, temperature, one random draw per row: immutable uniforms, so
//           several runs recorded before a submit stay independent); 1 logits: array<T> [rows, V];
//           2 out: array<u32> [rows].
// Workgroup: 256 threads per row. Dispatch: rows workgroups as a 2-D grid. topK is clamped to [1, 256].
alias T = {{T}};

struct Params {
  rows: u32,
  V: u32,
  topK: u32,
  topP: f32,
  temperature: f32,
  // one uniform draw in [0, 1) per row (at most 64 rows), random[r / 4][r % 4]
  random: array<vec4f, 16>,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> logits: array<T>;
@group(0) @binding(2) var<storage, read_write> out: array<u32>;

const WG = 256u;
var<workgroup> counts: array<u32, 256>;
var<workgroup> candV: array<f32, 256>;
var<workgroup> candI: array<u32, 256>;
var<workgroup> nCand: atomic<u32>;

fn key(x: f32) -> u32 {
  let b = bitcast<u32>(x);
  if ((b & 0x80000000u) != 0u) {
    return ~b;
  }
  return b | 0x80000000u;
}

// true when (va, ia) ranks after (vb, ib): lower value, or equal value and higher index
fn after(va: f32, ia: u32, vb: f32, ib: u32) -> bool {
  return va < vb || (va == vb && ia > ib);
}

fn countAtLeast(li: u32, row: u32, t: u32) -> u32 {
  var c = 0u;
  for (var i = li; i < p.V; i += WG) {
    if (key(f32(logits[row * p.V + i])) >= t) {
      c++;
    }
  }
  counts[li] = c;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      counts[li] += counts[li + s];
    }
    workgroupBarrier();
  }
  let total = counts[0];
  workgroupBarrier();
  return total;
}

@compute @workgroup_size(256, 1, 1)
fn main(@builtin(workgroup_id) wid: vec3u, @builtin(num_workgroups) nwg: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let row = wid.x + wid.y * nwg.x;
  if (row >= p.rows) {
    return;
  }
  let k = clamp(min(p.topK, p.V), 1u, WG);
  // largest threshold t with count(key >= t) >= k, bit by bit from the top
  var t = 0u;
  for (var bit = 31i; bit >= 0i; bit--) {
    let trial = t | (1u << u32(bit));
    if (countAtLeast(li, row, trial) >= k) {
      t = trial;
    }
  }
  if (li == 0u) {
    atomicStore(&nCand, 0u);
  }
  candV[li] = bitcast<f32>(0xff7fffffu);
  candI[li] = 0xffffffffu;
  workgroupBarrier();
  // keys above the threshold: fewer than k, so all of them are kept (the sort below orders them)
  for (var i = li; i < p.V; i += WG) {
    let x = f32(logits[row * p.V + i]);
    if (key(x) > t) {
      let slot = atomicAdd(&nCand, 1u);
      candV[slot] = x;
      candI[slot] = i;
    }
  }
  // ties at the threshold: the k - above lowest indices. Each thread scans a contiguous block of the row, so
  // an exclusive scan of the per-thread tie counts gives every tie its rank by index.
  let block = (p.V + WG - 1u) / WG;
  let lo = min(li * block, p.V);
  let hi = min(lo + block, p.V);
  var ties = 0u;
  for (var i = lo; i < hi; i++) {
    if (key(f32(logits[row * p.V + i])) == t) {
      ties++;
    }
  }
  counts[li] = ties;
  workgroupBarrier();
  // inclusive Hillis-Steele scan of the counts
  for (var s = 1u; s < WG; s <<= 1u) {
    var add = 0u;
    if (li >= s) {
      add = counts[li - s];
    }
    workgroupBarrier();
    counts[li] += add;
    workgroupBarrier();
  }
  var slot = atomicLoad(&nCand) + counts[li] - ties;
  for (var i = lo; i < hi && slot < k; i++) {
    let x = f32(logits[row * p.V + i]);
    if (key(x) == t) {
      candV[slot] = x;
      candI[slot] = i;
      slot++;
    }
  }
  workgroupBarrier();
  // bitonic sort of 256 (value desc, index asc)
  for (var size = 2u; size <= WG; size <<= 1u) {
    for (var stride = size >> 1u; stride > 0u; stride >>= 1u) {
      let partner = li ^ stride;
      if (partner > li) {
        let up = (li & size) == 0u;
        let a = candV[li];
        let ai = candI[li];
        let b = candV[partner];
        let bi = candI[partner];
        let swap = select(after(b, bi, a, ai), after(a, ai, b, bi), up);
        if (swap) {
          candV[li] = b;
          candI[li] = bi;
          candV[partner] = a;
          candI[partner] = ai;
        }
      }
      workgroupBarrier();
    }
  }
  if (li == 0u) {
    let temp = max(p.temperature, 1e-6);
    let x0 = candV[0];
    var total = 0.0;
    var kept = 0u;
    for (var i = 0u; i < k; i++) {
      total += exp((candV[i] - x0) / temp);
    }
    // top-p: keep token i while the mass before it is < topP * total
    var mass = 0.0;
    for (var i = 0u; i < k; i++) {
      if (i > 0u && mass >= p.topP * total) {
        break;
      }
      mass += exp((candV[i] - x0) / temp);
      kept = i + 1u;
    }
    let goal = p.random[row / 4u][row % 4u] * mass;
    var cum = 0.0;
    var chosen = candI[kept - 1u];
    for (var i = 0u; i < kept; i++) {
      cum += exp((candV[i] - x0) / temp);
      if (cum > goal) {
        chosen = candI[i];
        break;
      }
    }
    out[row] = chosen;
  }
}
