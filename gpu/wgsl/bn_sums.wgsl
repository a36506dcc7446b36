// bn_sums: per-channel sum(dy) and sum(dy * (x - mean)) for BatchNorm's backward, one workgroup per
// channel; sums[2c] and sums[2c + 1] feed bn_backward (dbeta, dgamma and the batch-statistics dx).
// With acc they are added to (tensors beyond one storage binding are reduced in runs of outer blocks).
struct P { outer: u32, C: u32, inner: u32, xo: u32, dyo: u32, mo: u32, acc: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> sums: array<f32>;
var<workgroup> part: array<vec2<f32>, 128>;
@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m = p.outer * p.inner;
  for (var c = wg.x; c < p.C; c += nwg.x) {
    let mu = mean[p.mo + c];
    var s = vec2<f32>(0.0);
    for (var k = li; k < m; k += 128u) {
      let j = ((k / p.inner) * p.C + c) * p.inner + k % p.inner;
      let g = dy[p.dyo + j];
      s += vec2<f32>(g, g * (x[p.xo + j] - mu));
    }
    part[li] = s;
    workgroupBarrier();
    for (var w = 64u; w > 0u; w >>= 1u) {
      if (li < w) { part[li] += part[li + w]; }
      workgroupBarrier();
    }
    if (li == 0u) {
      if (p.acc != 0u) {
        sums[2u * c] += part[0].x;
        sums[2u * c + 1u] += part[0].y;
      } else {
        sums[2u * c] = part[0].x;
        sums[2u * c + 1u] = part[0].y;
      }
    }
    workgroupBarrier();
  }
}
