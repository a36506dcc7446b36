// leaky: LeakyReLU activations (ACT: 0 leaky, 1 prelu with per-channel slopes, 2 elu, 3 selu, 4 gelu
// with exact erf) over [outer, C, inner]; GRAD computes dx = dy * f'(x) (elu from its output y).
// `aux` holds prelu's slopes or elu's y (never both), keeping to compat mode's 4 storage buffers.
//!include grid
struct P { n: u32, C: u32, inner: u32, slope: f32, xo: u32, yo: u32, so: u32, dyo: u32, dxo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> aux: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
override ACT: u32 = 0u;
override GRAD: bool = false;
const SELU_L: f32 = 1.0507009873554804934193349852946;
const SELU_A: f32 = 1.6732632423543772848170429916717;
// erf with |error| < 1.2e-7 (Numerical Recipes' erfc Chebyshev fit), as WGSL has no erf.
fn f_erf(v: f32) -> f32 {
  let z = abs(v);
  let t = 1.0 / (1.0 + 0.5 * z);
  let r = t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return select(1.0 - r, r - 1.0, v < 0.0);
}
// e^v - 1 without cancellation near 0 (WGSL has no expm1).
fn f_expm1(v: f32) -> f32 {
  if (abs(v) < 1e-2) { return v * (1.0 + v * (0.5 + v * (1.0 / 6.0 + v / 24.0))); }
  return exp(v) - 1.0;
}
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let v = x[p.xo + i];
    var a = p.slope;
    if (ACT == 1u) { a = aux[p.so + (i / p.inner) % p.C]; }
    var r: f32;
    if (!GRAD) {
      switch ACT {
        case 0u, 1u: { r = select(a * v, v, v > 0.0); }
        case 2u: { r = select(a * f_expm1(v), v, v > 0.0); }
        case 3u: { r = SELU_L * select(SELU_A * f_expm1(v), v, v > 0.0); }
        default: { r = 0.5 * v * (1.0 + f_erf(v * 0.70710678118654752440)); }
      }
    } else {
      var d: f32;
      switch ACT {
        case 0u, 1u: { d = select(a, 1.0, v > 0.0); }
        case 2u: { d = select(aux[p.yo + i] + a, 1.0, v > 0.0); }
        case 3u: { d = select(SELU_L * SELU_A * exp(v), SELU_L, v > 0.0); }
        default: { d = 0.5 * (1.0 + f_erf(v * 0.70710678118654752440)) + v * 0.39894228040143267794 * exp(-0.5 * v * v); }
      }
      r = dy[p.dyo + i] * d;
    }
    out[p.dxo + i] = r;
  }
}
