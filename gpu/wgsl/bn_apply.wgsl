// bn_apply: y = x*a + b per channel with a = invstd*gamma (gamma 1 without HAS_GAMMA), b = beta - mean*a.
// mean, invstd, gamma and beta come packed in one buffer `prm` (compat mode allows 4 storage buffers).
//!include grid
struct P { n: u32, C: u32, inner: u32, xo: u32, yo: u32, mo: u32, so: u32, go: u32, bo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> prm: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override HAS_GAMMA: bool = true;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let c = (i / p.inner) % p.C;
    var a = prm[p.so + c];
    if (HAS_GAMMA) { a = a * prm[p.go + c]; }
    let b = prm[p.bo + c] - prm[p.mo + c] * a;
    y[p.yo + i] = x[p.xo + i] * a + b;
  }
}
