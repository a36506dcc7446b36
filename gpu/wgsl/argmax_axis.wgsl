// argmax_axis: index of the first maximum along the middle axis as a float; NaN is never selected
// unless every value is NaN (the C core's rule).
//!include grid
//!include fmath
struct P { outer: u32, mid: u32, inner: u32, xo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.outer * p.inner;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let base = p.xo + (t / p.inner) * p.mid * p.inner + t % p.inner;
    var best = 0u;
    var bv = x[base];
    for (var m = 1u; m < p.mid; m++) {
      let v = x[base + m * p.inner];
      if (v > bv || (is_nan(bv) && !is_nan(v))) { best = m; bv = v; }
    }
    y[p.yo + t] = f32(best);
  }
}
