// rope: rotary position embedding with rotate-half pairing (HF `apply_rotary_pos_emb`), in three modes chosen
// by the host through the uniforms:
//   text    one position row, frequency j = invFreq[j] for j < D/2;
//   mrope   Qwen2-VL multimodal RoPE: positions [3, L] (t, h, w); frequency j uses row s(j), the section
//           (sections s0, s1, s2 summing to D/2) that j falls in; invFreq over the full head dim;
//   vision  Qwen2-VL ViT 2-D rotary: positions [2, L] (row, col); the first D/4 frequencies use the row, the
//           next D/4 the column, each section restarting at invFreq[0] (restart = 1).
// For each pair (j, j + D/2): out[j] = x[j] cos(a) - x[j + D/2] sin(a); out[j + D/2] = x[j + D/2] cos(a) +
// x[j] sin(a), with a = f32(pos) * invFreq (f32, like HF) reduced to [-pi, pi] in extended precision first.
// Bindings: 0 uniform Params; 1 x: array<T> [L, H, D]; 2 pos: array<i32> [P, L]; 3 invFreq: array<f32> [D/2];
//           4 out: array<T> [L, H, D].
// Workgroup: 64 threads, one per (token, head, pair). Dispatch: ceil(L*H*D/2 / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  L: u32,
  H: u32,
  D: u32,
  restart: u32,
  s0: u32,
  s1: u32,
  s2: u32,
  total: u32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read> pos: array<i32>;
@group(0) @binding(3) var<storage, read> invFreq: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<T>;

// 2*pi split so that k * TWO_PI_HI is exact for |k| < 2^16 (Cody-Waite reduction).
const TWO_PI_HI = 6.28125;
const TWO_PI_MID = 1.9353071693331003e-3;
const TWO_PI_LO = 1.0253131677018246e-11;
const INV_TWO_PI = 0.15915494309189535;

fn reduceAngle(a: f32) -> f32 {
  let k = round(a * INV_TWO_PI);
  return ((a - k * TWO_PI_HI) - k * TWO_PI_MID) - k * TWO_PI_LO;
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.total) {
    return;
  }
  let half = p.D / 2u;
  let j = i % half;
  let th = i / half; // token * H + head
  let t = th / p.H;
  var row = 0u;
  var f = j;
  if (j >= p.s0 + p.s1) {
    row = 2u;
    if (p.restart != 0u) {
      f = j - p.s0 - p.s1;
    }
  } else if (j >= p.s0) {
    row = 1u;
    if (p.restart != 0u) {
      f = j - p.s0;
    }
  }
  let angle = reduceAngle(f32(pos[row * p.L + t]) * invFreq[f]);
  let c = cos(angle);
  let s = sin(angle);
  let base = th * p.D;
  let x1 = f32(x[base + j]);
  let x2 = f32(x[base + j + half]);
  out[base + j] = T(x1 * c - x2 * s);
  out[base + j + half] = T(x2 * c + x1 * s);
}
