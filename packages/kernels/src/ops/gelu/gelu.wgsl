// gelu: elementwise GELU in f32, variant chosen by the VARIANT override:
//   0 'erf'   x/2 * (1 + erf(x / sqrt 2))           (torch nn.GELU(), Qwen2-VL merger)
//   1 'tanh'  x/2 * (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
//   2 'quick' x * sigmoid(1.702 x)                   (Qwen2-VL ViT MLP quick_gelu)
// erf uses Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
// Template: T (storage dtype); S = T or vec4<T> (storage element) and F = f32 or vec4f (its f32 math type):
// gelu.ts takes the vec4 form when the length is a multiple of 4.
// Bindings: 0 uniform Params; 1 x: array<S>; 2 out: array<S>.
// Workgroup: 64 threads, one storage element each. Dispatch: ceil(n / 64) as a 2-D grid (n in S elements).
alias T = {{T}};
alias S = {{S}};
alias F = {{F}};

struct Params {
  n: u32, // storage elements (scalars / 4 for the vec4 form)
}

override VARIANT: u32 = 0u;

@group(0) @binding(0) var<uniform> p: Params;
@group(0) @binding(1) var<storage, read> x: array<S>;
@group(0) @binding(2) var<storage, read_write> out: array<S>;

fn erf(v: F) -> F {
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
  let v = F(x[i]);
  var y: F;
  if (VARIANT == 0u) {
    y = 0.5 * v * (1.0 + erf(v * 0.7071067811865476));
  } else if (VARIANT == 1u) {
    let u = clamp(0.7978845608028654 * (v + 0.044715 * v * v * v), F(-15.0), F(15.0));
    y = 0.5 * v * (1.0 + tanh(u));
  } else {
    y = v / (1.0 + exp(-1.702 * v));
  }
  out[i] = S(y);
}
