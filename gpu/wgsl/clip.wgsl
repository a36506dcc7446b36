// clip: mshadow_op::clip — the upper bound is tested first and NaN passes through unchanged.
//!include grid
struct P { n: u32, xo: u32, yo: u32, lo: f32, hi: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let v = x[p.xo + i];
    y[p.yo + i] = select(select(v, p.lo, v < p.lo), p.hi, v > p.hi);
  }
}
