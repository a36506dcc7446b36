// softmax / log_softmax (LOG) with temperature along the middle axis of [outer, C, inner]: max,
// sum of exp((x - max) / T), then normalise; one invocation per (o, i).
//!include grid
//!include fmath
struct P { outer: u32, C: u32, inner: u32, xo: u32, yo: u32, inv_t: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override LOG: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.outer * p.inner;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let off = (t / p.inner) * p.C * p.inner + t % p.inner;
    var mx = f_neg_inf();
    for (var c = 0u; c < p.C; c++) { mx = max(mx, x[p.xo + off + c * p.inner]); }
    var sum = 0.0;
    for (var c = 0u; c < p.C; c++) {
      let e = exp((x[p.xo + off + c * p.inner] - mx) * p.inv_t);
      if (!LOG) { y[p.yo + off + c * p.inner] = e; }
      sum += e;
    }
    if (LOG) {
      let lse = log(sum);
      for (var c = 0u; c < p.C; c++) {
        y[p.yo + off + c * p.inner] = (x[p.xo + off + c * p.inner] - mx) * p.inv_t - lse;
      }
    } else {
      let inv = 1.0 / sum;
      for (var c = 0u; c < p.C; c++) { y[p.yo + off + c * p.inner] *= inv; }
    }
  }
}
