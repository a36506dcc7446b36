// binary: y = a op b element-wise (add sub mul div max min pow, as BINARY in opcodes.ts).
//!include grid
//!include fmath
//!include binary_op
struct P { n: u32, ao: u32, bo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override OP: u32 = 0u;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) { y[p.yo + i] = binary_op(a[p.ao + i], b[p.bo + i]); }
}
