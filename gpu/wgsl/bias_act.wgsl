// bias_act: y[o, c, i] = act(x[o, c, i] + b[c]) over an [outer, C, inner] view (the fusion family's
// biasAct); OP follows src/backends/wasm/opcodes.ts (UNARY: 0 relu … 4 softsign, 17 identity).
//!include grid
//!include fmath
//!include unary_op
struct P { n: u32, C: u32, inner: u32, xo: u32, bo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override OP: u32 = 17u;
override HAS_BIAS: bool = true;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    var v = x[p.xo + i];
    if (HAS_BIAS) { v += b[p.bo + (i / p.inner) % p.C]; }
    y[p.yo + i] = unary_op(v);
  }
}
