// WGSL partial (see withPartials in kernel.ts), appended to attention.wgsl and attention-vec4.wgsl by
// attention.ts: their uniforms (Params) and the keys a query attends to (the semantics: attention.wgsl header).
// Needs: p: Params (uniform); cu: array<u32> [nseg + 1].

struct Params {
  Lq: u32,
  Hq: u32,
  Hkv: u32,
  D: u32,
  pastLen: u32,
  totalKeys: u32,
  kvTokenStride: u32,
  kvHeadStride: u32,
  nseg: u32,
  causal: u32,
  scale: f32,
  splits: u32,
  chunk: u32,
}

// the keys [x, y) of query i in chunk `split` of its range [lo, hi) (segment or [0, totalKeys), causal-clipped)
fn keyRange(i: u32, split: u32) -> vec2u {
  var lo = 0u;
  var hi = p.totalKeys;
  var position = p.pastLen + i;
  if (p.nseg > 0u) {
    for (var s = 0u; s < p.nseg; s++) {
      if (i >= cu[s] && i < cu[s + 1u]) {
        lo = cu[s];
        hi = cu[s + 1u];
      }
    }
    position = i;
  }
  if (p.causal != 0u) {
    hi = min(hi, position + 1u);
  }
  let start = lo + split * p.chunk;
  return vec2u(start, min(hi, start + p.chunk));
}
