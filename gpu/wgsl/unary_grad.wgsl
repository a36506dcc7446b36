// unary_grad: dx = dy * f'(.) (Activation backward): relu/sigmoid/tanh read the output y,
// softrelu/softsign the input x; OP codes as UNARY_GRAD in src/backends/wasm/opcodes.ts.
//!include grid
//!include fmath
struct P { n: u32, xo: u32, yo: u32, dyo: u32, dxo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
override OP: u32 = 0u;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let g = dy[p.dyo + i];
    var r: f32;
    switch OP {
      case 0u: { r = select(0.0, g, y[p.yo + i] > 0.0); }
      case 1u: { let v = y[p.yo + i]; r = g * (v * (1.0 - v)); }
      case 2u: { let v = y[p.yo + i]; r = g * (1.0 - v * v); }
      case 3u: { r = g * f_sigmoid(x[p.xo + i]); }
      default: { let d = 1.0 + abs(x[p.xo + i]); r = g / (d * d); }
    }
    dx[p.dxo + i] = r;
  }
}
