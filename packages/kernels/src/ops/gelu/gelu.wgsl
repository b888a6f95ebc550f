// gelu: elementwise GELU in f32, variant chosen by the VARIANT override:
//   0 'erf'   x/2 * (1 + erf(x / sqrt 2))           (torch nn.GELU(), Qwen2-VL merger)
//   1 'tanh'  x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
//   2 'quick' x * sigmoid(1.702 x)                   (Qwen2-VL ViT MLP quick_gelu)
// erf uses Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
// Bindings: 0 uniform Params; 1 x: array<T>; 2 out: array<T>.
// Workgroup: 64 threads, one element each. Dispatch: ceil(n / 64) as a 2-D grid.
alias T = {{T}};

struct Params {
  n: u32,
}

override VARIANT: u32 = 0u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<T>;
@group(0) @binding(2) var<storage, read_write> out: array<T>;

fn erf(v: f32) -> f32 {
  let s = sign(v);
  let a = abs(v);
  let t = 1.0 / (1.0 + 0.3275911 * a);
  let y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * exp(-a * a);
  return s * y;
}

@compute @workgroup_size(64, 1, 1)
fn main(@builtin(global_invocation_id) gid: vec3u, @builtin(num_workgroups) nwg: vec3u) {
  let i = gid.x + gid.y * nwg.x * 64u;
  if (i >= p.n) {
    return;
  }
  let v = f32(x[i]);
  var y: f32;
  if (VARIANT == 0u) {
    y = 0.5 * v * (1.0 + erf(v * 0.7071067811865476));
  } else if (VARIANT == 1u) {
    let u = clamp(0.7978845608028654 * (v + 0.044715 * v * v * v), -15.0, 15.0);
    y = 0.5 * v * (1.0 + tanh(u));
  } else {
    y = v / (1.0 + exp(-1.702 * v));
  }
  out[i] = T(y);
}
