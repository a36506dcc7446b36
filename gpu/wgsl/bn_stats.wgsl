// bn_stats: per-channel mean and invstd = 1/sqrt(biased var + eps) of an [outer, C, inner] view; one
// workgroup per channel, two passes (mean, then squared deviations) with tree reductions.
struct P { outer: u32, C: u32, inner: u32, xo: u32, mo: u32, so: u32, eps: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> mean: array<f32>;
@group(0) @binding(3) var<storage, read_write> invstd: array<f32>;
var<workgroup> part: array<f32, 128>;
fn reduce(li: u32, v: f32) -> f32 {
  part[li] = v;
  workgroupBarrier();
  for (var w = 64u; w > 0u; w >>= 1u) {
    if (li < w) { part[li] += part[li + w]; }
    workgroupBarrier();
  }
  let r = part[0];
  workgroupBarrier();
  return r;
}
@compute @workgroup_size(128)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let m = p.outer * p.inner;
  for (var c = wg.x; c < p.C; c += nwg.x) {
    var s = 0.0;
    for (var k = li; k < m; k += 128u) { s += x[p.xo + ((k / p.inner) * p.C + c) * p.inner + k % p.inner]; }
    let mu = reduce(li, s) / f32(m);
    var v = 0.0;
    for (var k = li; k < m; k += 128u) {
      let d = x[p.xo + ((k / p.inner) * p.C + c) * p.inner + k % p.inner] - mu;
      v += d * d;
    }
    let var_ = reduce(li, v) / f32(m);
    if (li == 0u) {
      mean[p.mo + c] = mu;
      invstd[p.so + c] = 1.0 / sqrt(var_ + p.eps);
    }
  }
}
