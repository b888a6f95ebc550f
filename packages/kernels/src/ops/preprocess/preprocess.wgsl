// preprocess: Qwen2-VL image/video preprocessing fused in one pass, from RGBA frames to flattened patches.
// For output element e of patches [gridT * gridH * gridW, 3 * TP * PS * PS] (TP = temporal patch 2, PS = 14):
//   patch order (t, hBlock, wBlock, hIn, wIn) with 2x2 merge groups contiguous (HF permute (0,3,6,4,7,2,1,5,8)),
//   element order (channel, tt, py, px) inside a patch (the Conv3d weight order);
//   pixel = bicubic resample (a = -0.5, PIL-style antialias: support widened by the downscale factor,
//           weights normalised per axis) of frame layer 2t + tt at output pixel (y, x), rounded and clamped
//           to [0, 255] like the 8-bit resize of the HF processors (no resampling when sizes are equal);
//   value = (pixel * rescale - mean[c]) / std[c], in f32.
// Bindings: 0 uniform Params; 1 frames: texture_2d_array<f32> (rgba8unorm, one layer per frame, T even);
//           2 out: array<T>.
// Workgroup: 64 threads, one output element each. Dispatch: ceil(n / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  n: u32,
  inW: u32,
  inH: u32,
  outW: u32,
  outH: u32,
  gridW: u32,
  gridH: u32,
  resize: u32,
  mean: vec4f,
  invStd: vec4f,
  rescale: f32,
}

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var frames: texture_2d_array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<T>;

const PS = 14u;
const TP = 2u;

fn cubic(xIn: f32) -> f32 {
  let a = -0.5;
  let x = abs(xIn);
  if (x < 1.0) {
    return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  }
  if (x < 2.0) {
    return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
  }
  return 0.0;
}

// first tap, tap count, centre and 1/filterscale of PIL's precompute_coeffs for output index o
fn taps(o: u32, inSize: u32, outSize: u32) -> vec4f {
  let scale = f32(inSize) / f32(outSize);
  let fs = max(scale, 1.0);
  let support = 2.0 * fs;
  let center = (f32(o) + 0.5) * scale;
  let lo = max(i32(floor(center - support + 0.5)), 0);
  let hi = min(i32(floor(center + support + 0.5)), i32(inSize));
  return vec4f(f32(lo), f32(hi - lo), center, 1.0 / fs);
}

fn sample(layer: u32, c: u32, y: u32, x: u32) -> f32 {
  if (p.resize == 0u) {
    return round(textureLoad(frames, vec2u(x, y), layer, 0)[c] * 255.0);
  }
  let tx = taps(x, p.inW, p.outW);
  let ty = taps(y, p.inH, p.outH);
  var acc = 0.0;
  var wy = 0.0;
  for (var j = 0i; j < i32(ty.y); j++) {
    let yy = i32(ty.x) + j;
    let w1 = cubic((f32(yy) - ty.z + 0.5) * ty.w);
    var row = 0.0;
    var wx = 0.0;
    for (var i = 0i; i < i32(tx.y); i++) {
      let xx = i32(tx.x) + i;
      let w0 = cubic((f32(xx) - tx.z + 0.5) * tx.w);
      row += w0 * round(textureLoad(frames, vec2i(xx, yy), i32(layer), 0)[c] * 255.0);
      wx += w0;
    }
    acc += w1 * row / wx;
    wy += w1;
  }
  return clamp(round(acc / wy), 0.0, 255.0);
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let e = gid.x + gid.y * nwg.x * 64u;
  if (e >= p.n) {
    return;
  }
  let per = 3u * TP * PS * PS;
  let pidx = e / per;
  let w = e % per;
  let c = w / (TP * PS * PS);
  let tt = (w / (PS * PS)) % TP;
  let py = (w / PS) % PS;
  let px = w % PS;
  let perT = p.gridH * p.gridW;
  let t = pidx / perT;
  let r = pidx % perT;
  let unit = r / 4u;
  let hb = unit / (p.gridW / 2u);
  let wb = unit % (p.gridW / 2u);
  let y = (hb * 2u + (r % 4u) / 2u) * PS + py;
  let x = (wb * 2u + r % 2u) * PS + px;
  let v = sample(t * TP + tt, c, y, x);
  out[e] = T((v * p.rescale - p.mean[c]) * p.invStd[c]);
}
