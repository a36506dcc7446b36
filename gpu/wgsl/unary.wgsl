// unary: y = f(x) for the Backend's UnaryOp list; OP follows src/backends/wasm/opcodes.ts (UNARY).
//!include grid
//!include fmath
struct P { n: u32, xo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override OP: u32 = 0u;
fn apply(v: f32) -> f32 {
  switch OP {
    case 0u: { return select(0.0, v, v > 0.0); }
    case 1u: { return f_sigmoid(v); }
    case 2u: { return f_tanh(v); }
    case 3u: { return f_softrelu(v); }
    case 4u: { return v / (1.0 + abs(v)); }
    case 5u: { return exp(v); }
    case 6u: { return log(v); }
    case 7u: { return sqrt(v); }
    case 8u: { return 1.0 / sqrt(v); }
    case 9u: { return v * v; }
    case 10u: { return abs(v); }
    case 11u: { return -v; }
    case 12u: { return f_sign(v); }
    case 13u: { return 1.0 / v; }
    case 14u: { return floor(v); }
    case 15u: { return ceil(v); }
    case 16u: { return f_round(v); }
    default: { return v; }
  }
}
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) { y[p.yo + i] = apply(x[p.xo + i]); }
}
