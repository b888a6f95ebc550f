// WGSL partial (see withPartials in kernel.ts), appended to layernorm.wgsl and rmsnorm.wgsl: the sum of one f32
// per thread over the workgroup, by a tree reduction in workgroup memory. Call it from uniform control flow
// (it holds barriers); it may be called again right away (it ends with a barrier after reading the total).
// Needs: const WG (threads per workgroup, a power of two; li < WG).

var<workgroup> red: array<f32, WG>;

fn workgroupSum(li: u32, v: f32) -> f32 {
  red[li] = v;
  workgroupBarrier();
  for (var s = WG / 2u; s > 0u; s >>= 1u) {
    if (li < s) {
      red[li] += red[li + s];
    }
    workgroupBarrier();
  }
  let total = red[0];
  workgroupBarrier();
  return total;
}
