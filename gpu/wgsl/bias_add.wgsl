// bias_add: y[o, c, i] = x[o, c, i] + b[c] over an [outer, C, inner] view.
//!include grid
struct P { n: u32, C: u32, inner: u32, xo: u32, bo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    y[p.yo + i] = x[p.xo + i] + b[p.bo + (i / p.inner) % p.C];
  }
}
