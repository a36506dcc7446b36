// Float helpers with the C core's semantics where WGSL leaves them undefined or differs: NaN tests
// on bits (compilers may assume no NaN), MXNet's NaN-propagating max/min, half-away-from-zero round,
// powf for negative bases, and overflow-safe exp-based tanh/sigmoid/softrelu.
fn is_nan(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }
// NaN / -inf cannot be constant expressions in WGSL: load the bits from a variable instead.
fn f_nan() -> f32 { var bits = 0x7fc00000u; return bitcast<f32>(bits); }
fn f_neg_inf() -> f32 { var bits = 0xff800000u; return bitcast<f32>(bits); }
fn f_max(a: f32, b: f32) -> f32 { return select(b, a, is_nan(a) || a > b); }
fn f_min(a: f32, b: f32) -> f32 { return select(b, a, is_nan(a) || a < b); }
fn f_round(v: f32) -> f32 {
  let t = trunc(v);
  return select(t, t + select(1.0, -1.0, v < 0.0), abs(v - t) >= 0.5);
}
fn f_sign(v: f32) -> f32 { return select(select(0.0, 1.0, v > 0.0), -1.0, v < 0.0); }
fn f_pow(a: f32, b: f32) -> f32 {
  if (b == 0.0 || a == 1.0) { return 1.0; }
  if (is_nan(a) || is_nan(b)) { return f_nan(); }
  let r = exp2(b * log2(abs(a)));
  if (a < 0.0) {
    if (fract(b) != 0.0) { return f_nan(); }
    if ((abs(b) % 2.0) == 1.0) { return -r; }
  }
  return r;
}
fn f_sigmoid(v: f32) -> f32 { return 1.0 / (1.0 + exp(min(-v, 88.0))); }
// MXNet's softrelu: identity above 20; exp(v) where log(1 + e^v) would round it away.
fn f_softrelu(v: f32) -> f32 {
  if (v > 20.0) { return v; }
  if (v < -15.0) { return exp(v); }
  return log(1.0 + exp(v));
}
// Same split as core/kernels/vmath.h: odd polynomial near 0, 1 - 2/(e^{2|x|} + 1) elsewhere.
fn f_tanh(x: f32) -> f32 {
  let ax = abs(x);
  if (ax > 0.625) {
    let r = 1.0 - 2.0 / (exp(min(2.0 * ax, 88.0)) + 1.0);
    return select(r, -r, x < 0.0);
  }
  let z = x * x;
  var p = -5.70498872745e-3;
  p = p * z + 2.06390887954e-2;
  p = p * z - 5.37397155531e-2;
  p = p * z + 1.33314422036e-1;
  p = p * z - 3.33332819422e-1;
  return p * z * x + x;
}
// log with ~1 ulp error for x > 0 (Cephes logf reduction + polynomial): some drivers' built-in log
// loses ~1e-4 relative near 0, which Box-Muller's log(1 - u) hits in the tails.
fn f_log(v: f32) -> f32 {
  let fe = frexp(v);
  var x = fe.fract;
  var e = f32(fe.exp);
  if (x < 0.707106781186547524) { e -= 1.0; x = x + x - 1.0; } else { x = x - 1.0; }
  let z = x * x;
  var y = 7.0376836292e-2;
  y = y * x - 1.1514610310e-1;
  y = y * x + 1.1676998740e-1;
  y = y * x - 1.2420140846e-1;
  y = y * x + 1.4249322787e-1;
  y = y * x - 1.6668057665e-1;
  y = y * x + 2.0000714765e-1;
  y = y * x - 2.4999993993e-1;
  y = y * x + 3.3333331174e-1;
  y = y * x * z;
  y += -2.12194440e-4 * e;
  y += -0.5 * z;
  return x + y + 0.693359375 * e;
}
// sin and cos of t >= 0 (Cephes sinf/cosf: octant reduction by pi/4 in three parts, then minimax
// polynomials): WGSL only promises 2^-11 absolute error for its built-ins, too coarse for Box-Muller.
fn sin_poly(x: f32) -> f32 {
  let z = x * x;
  return ((-1.9515295891e-4 * z + 8.3321608736e-3) * z - 1.6666654611e-1) * z * x + x;
}
fn cos_poly(x: f32) -> f32 {
  let z = x * x;
  return ((2.443315711809948e-5 * z - 1.388731625493765e-3) * z + 4.166664568298827e-2) * z * z - 0.5 * z + 1.0;
}
fn f_sincos(t: f32) -> vec2<f32> {
  var j = u32(t * 1.27323954473516);
  j += j & 1u;
  let y = f32(j);
  let x = ((t - y * 0.78515625) - y * 2.4187564849853515625e-4) - y * 3.77489497744594108e-8;
  j = j & 7u;
  let s = sin_poly(x);
  let c = cos_poly(x);
  // Octants 0, 2, 4, 6 (after the even rounding): rotate (sin, cos) by j * pi/4.
  switch j {
    case 0u: { return vec2<f32>(s, c); }
    case 2u: { return vec2<f32>(c, -s); }
    case 4u: { return vec2<f32>(-s, -c); }
    default: { return vec2<f32>(-c, s); }
  }
}
