// sum_rows: sum_axis for inner == 1 (contiguous rows): one workgroup per row, 128 strided partial
// sums then a tree reduction in workgroup memory, so a long row is not summed by one invocation.
struct P { outer: u32, mid: u32, xo: u32, yo: u32, accumulate: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
var<workgroup> part: array<f32, 128>;
@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  for (var o = wg.x; o < p.outer; o += nwg.x) {
    var s = 0.0;
    for (var m = li; m < p.mid; m += 128u) { s += x[p.xo + o * p.mid + m]; }
    part[li] = s;
    workgroupBarrier();
    for (var w = 64u; w > 0u; w >>= 1u) {
      if (li < w) { part[li] += part[li + w]; }
      workgroupBarrier();
    }
    if (li == 0u) {
      if (p.accumulate != 0u) { y[p.yo + o] += part[0]; } else { y[p.yo + o] = part[0]; }
    }
    workgroupBarrier();
  }
}
