// Vectorised float32 exp / sigmoid / tanh for the activation and softmax kernels (libm only has
// scalar versions, which dominate those kernels' time). Cephes-style range reduction and
// polynomials, accurate to a few ulp; the non-SIMD build simply calls libm per lane.
#ifndef MXJS_VMATH_H_
#define MXJS_VMATH_H_

#include <math.h>

#include "../include/simd.h"

#if defined(__wasm_simd128__)

// exp(x) = 2^n * e^r with n = round(x / ln2), r = x - n*ln2 (ln2 split in two for exactness).
// Rounding and the float→int conversion use the 1.5*2^23 "magic number" add: the integer lands in
// the low mantissa bits. (V8 lowers f32x4.nearest / i32x4.trunc_sat and IEEE min/max to long
// instruction sequences; pmin/pmax and integer adds are single instructions.)
static inline f32x4 f4_exp(f32x4 x) {
  const f32x4 magic = f4_splat(12582912.f);
  const f32x4 t = f4_pmax(f4_pmin(f4_mul(x, f4_splat(1.44269504088896341f)), f4_splat(127.f)), f4_splat(-126.f));
  const f32x4 shifted = f4_add(t, magic);
  const f32x4 n = f4_sub(shifted, magic);
  f32x4 r = f4_sub(x, f4_mul(n, f4_splat(0.693359375f)));
  r = f4_sub(r, f4_mul(n, f4_splat(-2.12194440e-4f)));
  f32x4 p = f4_splat(1.9875691500e-4f);
  p = f4_add(f4_mul(p, r), f4_splat(1.3981999507e-3f));
  p = f4_add(f4_mul(p, r), f4_splat(8.3334519073e-3f));
  p = f4_add(f4_mul(p, r), f4_splat(4.1665795894e-2f));
  p = f4_add(f4_mul(p, r), f4_splat(1.6666665459e-1f));
  p = f4_add(f4_mul(p, r), f4_splat(5.0000001201e-1f));
  p = f4_add(f4_add(f4_mul(f4_mul(p, r), r), r), f4_splat(1.f));
  // bits(shifted) = bits(magic) + n, so adding (127 - bits(magic)) leaves the biased exponent.
  const v128_t pow2n = wasm_i32x4_shl(wasm_i32x4_add(shifted, wasm_i32x4_splat(127 - 0x4B400000)), 23);
  f32x4 res = f4_mul(p, pow2n);
  // Beyond the float range: overflow to +inf, underflow (results < FLT_MIN) to 0. NaN stays NaN.
  res = f4_select_gt(x, f4_splat(88.7228317f), f4_splat(INFINITY), res);
  res = f4_select_gt(f4_splat(-87.3365448f), x, f4_zero(), res);
  return res;
}

static inline f32x4 f4_sigmoid(f32x4 x) {
  const f32x4 one = f4_splat(1.f);
  return f4_div(one, f4_add(one, f4_exp(f4_sub(f4_zero(), x))));
}

// tanh: odd polynomial for |x| < 0.625 (no cancellation near 0), else 1 - 2/(e^{2|x|} + 1).
static inline f32x4 f4_tanh(f32x4 x) {
  const v128_t sign_mask = wasm_i32x4_splat((int)0x80000000u);
  const f32x4 ax = wasm_v128_andnot(x, sign_mask);
  const f32x4 big = f4_sub(f4_splat(1.f), f4_div(f4_splat(2.f), f4_add(f4_exp(f4_add(ax, ax)), f4_splat(1.f))));
  const f32x4 big_signed = wasm_v128_or(big, wasm_v128_and(x, sign_mask));
  const f32x4 z = f4_mul(x, x);
  f32x4 p = f4_splat(-5.70498872745e-3f);
  p = f4_add(f4_mul(p, z), f4_splat(2.06390887954e-2f));
  p = f4_add(f4_mul(p, z), f4_splat(-5.37397155531e-2f));
  p = f4_add(f4_mul(p, z), f4_splat(1.33314422036e-1f));
  p = f4_add(f4_mul(p, z), f4_splat(-3.33332819422e-1f));
  const f32x4 small = f4_add(f4_mul(f4_mul(p, z), x), x);
  return f4_select_gt(ax, f4_splat(0.625f), big_signed, small);
}

#else

template <typename F>
static inline f32x4 f4_lanewise(f32x4 x, F f) {
  for (int i = 0; i < 4; i++) x.v[i] = f(x.v[i]);
  return x;
}
static inline f32x4 f4_exp(f32x4 x) { return f4_lanewise(x, [](float v) { return expf(v); }); }
static inline f32x4 f4_sigmoid(f32x4 x) { return f4_lanewise(x, [](float v) { return 1.f / (1.f + expf(-v)); }); }
static inline f32x4 f4_tanh(f32x4 x) { return f4_lanewise(x, [](float v) { return tanhf(v); }); }

#endif
#endif  // MXJS_VMATH_H_
