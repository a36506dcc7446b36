// sum_axis: y[o, i] (+)= sum_m x[o, m, i], one invocation per output (used when inner > 1).
//!include grid
struct P { outer: u32, mid: u32, inner: u32, xo: u32, yo: u32, accumulate: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.outer * p.inner;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let o = t / p.inner;
    let i = t % p.inner;
    var s = 0.0;
    for (var m = 0u; m < p.mid; m++) { s += x[p.xo + (o * p.mid + m) * p.inner + i]; }
    if (p.accumulate != 0u) { y[p.yo + t] += s; } else { y[p.yo + t] = s; }
  }
}
