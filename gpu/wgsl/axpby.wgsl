// axpby: y = alpha*x + beta*y; beta == 0 overwrites y without reading it (BLAS convention).
//!include grid
struct P { n: u32, xo: u32, yo: u32, alpha: f32, beta: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let ax = p.alpha * x[p.xo + i];
    if (p.beta == 0.0) { y[p.yo + i] = ax; } else { y[p.yo + i] = ax + p.beta * y[p.yo + i]; }
  }
}
