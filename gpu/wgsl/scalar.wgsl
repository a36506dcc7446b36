// scalar: y = x op s (SCALAR in opcodes.ts; r* variants put s on the left, comparisons give 0/1).
//!include grid
//!include fmath
struct P { n: u32, xo: u32, yo: u32, s: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override OP: u32 = 0u;
fn apply(v: f32, s: f32) -> f32 {
  switch OP {
    case 0u: { return v + s; }
    case 1u: { return v - s; }
    case 2u: { return s - v; }
    case 3u: { return v * s; }
    case 4u: { return v / s; }
    case 5u: { return s / v; }
    case 6u: { return f_pow(v, s); }
    case 7u: { return f_pow(s, v); }
    case 8u: { return f_max(v, s); }
    case 9u: { return f_min(v, s); }
    case 10u: { return select(0.0, 1.0, v == s); }
    case 11u: { return select(0.0, 1.0, v != s); }
    case 12u: { return select(0.0, 1.0, v > s); }
    case 13u: { return select(0.0, 1.0, v >= s); }
    case 14u: { return select(0.0, 1.0, v < s); }
    default: { return select(0.0, 1.0, v <= s); }
  }
}
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) { y[p.yo + i] = apply(x[p.xo + i], p.s); }
}
