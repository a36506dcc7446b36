// unary: y = f(x) for the Backend's UnaryOp list; OP follows src/backends/wasm/opcodes.ts (UNARY).
//!include grid
//!include fmath
//!include unary_op
struct P { n: u32, xo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override OP: u32 = 0u;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) { y[p.yo + i] = unary_op(x[p.xo + i]); }
}
