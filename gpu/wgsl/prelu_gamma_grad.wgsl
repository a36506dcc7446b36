// prelu_gamma_grad: dgamma[c] = sum over x <= 0 (or NaN) of dy*x, one workgroup per channel; with acc
// the sum is added to dgamma (tensors beyond one storage binding are reduced in runs of outer blocks).
struct P { outer: u32, C: u32, inner: u32, xo: u32, dyo: u32, go: u32, acc: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dgamma: array<f32>;
var<workgroup> part: array<f32, 128>;
@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m = p.outer * p.inner;
  for (var c = wg.x; c < p.C; c += nwg.x) {
    var s = 0.0;
    for (var k = li; k < m; k += 128u) {
      let j = ((k / p.inner) * p.C + c) * p.inner + k % p.inner;
      let v = x[p.xo + j];
      if (!(v > 0.0)) { s += dy[p.dyo + j] * v; }
    }
    part[li] = s;
    workgroupBarrier();
    for (var w = 64u; w > 0u; w >>= 1u) {
      if (li < w) { part[li] += part[li + w]; }
      workgroupBarrier();
    }
    if (li == 0u) {
      if (p.acc != 0u) { dgamma[p.go + c] += part[0]; } else { dgamma[p.go + c] = part[0]; }
    }
    workgroupBarrier();
  }
}
