// lrn: cross-channel LRN of [N, C, inner] (lrn-inl.h): norm = knorm + alpha/nsize * sum of x² over the
// channel window [c - nsize/2, c + nsize/2] clipped to [0, C), y = x * norm^-beta.
//!include grid
//!include fmath
struct P { n: u32, C: i32, inner: u32, half: i32, scale: f32, beta: f32, knorm: f32, xo: u32, yo: u32, no: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> norm: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let cs = u32(p.C) * p.inner;
  for (var t = gid.x; t < p.n; t += grid_stride(nwg)) {
    let b = (t / cs) * cs + t % p.inner;
    let c = i32((t % cs) / p.inner);
    var s = 0.0;
    for (var j = max(0, c - p.half); j <= min(p.C - 1, c + p.half); j++) {
      let v = x[p.xo + b + u32(j) * p.inner];
      s += v * v;
    }
    let nc = p.knorm + p.scale * s;
    norm[p.no + t] = nc;
    y[p.yo + t] = x[p.xo + t] * f_pow(nc, -p.beta);
  }
}
