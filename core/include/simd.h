// 4-lane float32 vector helpers: wasm SIMD128 when compiled with -msimd128, a plain-struct scalar
// fallback otherwise, so the same kernels also build natively with g++ (for debugging and CI).
#ifndef MXJS_SIMD_H_
#define MXJS_SIMD_H_

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>

typedef v128_t f32x4;
static inline f32x4 f4_load(const float* p) { return wasm_v128_load(p); }
static inline void f4_store(float* p, f32x4 v) { wasm_v128_store(p, v); }
static inline f32x4 f4_splat(float x) { return wasm_f32x4_splat(x); }
// One load-and-broadcast instruction (v128.load32_splat), cheaper than a scalar load + splat.
static inline f32x4 f4_load_splat(const float* p) { return wasm_v128_load32_splat(p); }
static inline f32x4 f4_zero() { return wasm_f32x4_const(0.f, 0.f, 0.f, 0.f); }
static inline f32x4 f4_add(f32x4 a, f32x4 b) { return wasm_f32x4_add(a, b); }
static inline f32x4 f4_sub(f32x4 a, f32x4 b) { return wasm_f32x4_sub(a, b); }
static inline f32x4 f4_mul(f32x4 a, f32x4 b) { return wasm_f32x4_mul(a, b); }
static inline f32x4 f4_div(f32x4 a, f32x4 b) { return wasm_f32x4_div(a, b); }
// pmax/pmin are the cheap "a < b ? b : a" forms (one instruction on x86); NaN handling is done by callers.
static inline f32x4 f4_pmax(f32x4 a, f32x4 b) { return wasm_f32x4_pmax(a, b); }
static inline f32x4 f4_pmin(f32x4 a, f32x4 b) { return wasm_f32x4_pmin(a, b); }
// Broadcast lane L of v to all lanes.
// Lane-wise a > b ? x : y (a NaN comparison picks y).
static inline f32x4 f4_select_gt(f32x4 a, f32x4 b, f32x4 x, f32x4 y) {
  return wasm_v128_bitselect(x, y, wasm_f32x4_gt(a, b));
}
template <int L>
static inline f32x4 f4_lane(f32x4 v) { return wasm_i32x4_shuffle(v, v, L, L, L, L); }
static inline float f4_first(f32x4 v) { return wasm_f32x4_extract_lane(v, 0); }
static inline float f4_hsum(f32x4 v) {
  return wasm_f32x4_extract_lane(v, 0) + wasm_f32x4_extract_lane(v, 1) +
         wasm_f32x4_extract_lane(v, 2) + wasm_f32x4_extract_lane(v, 3);
}
// In-place 4x4 transpose: rows a, b, c, d become the columns (a[0], b[0], c[0], d[0]), ...
static inline void f4_transpose(f32x4& a, f32x4& b, f32x4& c, f32x4& d) {
  const f32x4 ab_lo = wasm_i32x4_shuffle(a, b, 0, 4, 1, 5), cd_lo = wasm_i32x4_shuffle(c, d, 0, 4, 1, 5);
  const f32x4 ab_hi = wasm_i32x4_shuffle(a, b, 2, 6, 3, 7), cd_hi = wasm_i32x4_shuffle(c, d, 2, 6, 3, 7);
  a = wasm_i32x4_shuffle(ab_lo, cd_lo, 0, 1, 4, 5);
  b = wasm_i32x4_shuffle(ab_lo, cd_lo, 2, 3, 6, 7);
  c = wasm_i32x4_shuffle(ab_hi, cd_hi, 0, 1, 4, 5);
  d = wasm_i32x4_shuffle(ab_hi, cd_hi, 2, 3, 6, 7);
}
#if defined(MXJS_RELAXED)
// a*b + c in one relaxed-SIMD instruction (FMA where the CPU has it). clang 14 emits the proposal's
// early opcode for this builtin; wasm/relaxed_opcodes.mjs rewrites it to f32x4.relaxed_madd, whose
// operand order (a*b + c) is the one used here.
static inline f32x4 f4_madd(f32x4 a, f32x4 b, f32x4 c) { return __builtin_wasm_fma_f32x4(a, b, c); }
#else
static inline f32x4 f4_madd(f32x4 a, f32x4 b, f32x4 c) { return wasm_f32x4_add(wasm_f32x4_mul(a, b), c); }
#endif

#else

struct f32x4 { float v[4]; };
static inline f32x4 f4_load(const float* p) { return f32x4{{p[0], p[1], p[2], p[3]}}; }
static inline void f4_store(float* p, f32x4 a) { for (int i = 0; i < 4; i++) p[i] = a.v[i]; }
static inline f32x4 f4_splat(float x) { return f32x4{{x, x, x, x}}; }
static inline f32x4 f4_load_splat(const float* p) { return f4_splat(*p); }
static inline f32x4 f4_zero() { return f4_splat(0.f); }
#define MXJS_F4_BINOP(name, expr)                                   \
  static inline f32x4 name(f32x4 a, f32x4 b) {                      \
    f32x4 r;                                                        \
    for (int i = 0; i < 4; i++) { float x = a.v[i], y = b.v[i]; r.v[i] = (expr); } \
    return r;                                                       \
  }
MXJS_F4_BINOP(f4_add, x + y)
MXJS_F4_BINOP(f4_sub, x - y)
MXJS_F4_BINOP(f4_mul, x * y)
MXJS_F4_BINOP(f4_div, x / y)
MXJS_F4_BINOP(f4_pmax, x < y ? y : x)
MXJS_F4_BINOP(f4_pmin, y < x ? y : x)
#undef MXJS_F4_BINOP
static inline f32x4 f4_select_gt(f32x4 a, f32x4 b, f32x4 x, f32x4 y) {
  f32x4 r;
  for (int i = 0; i < 4; i++) r.v[i] = a.v[i] > b.v[i] ? x.v[i] : y.v[i];
  return r;
}
template <int L>
static inline f32x4 f4_lane(f32x4 v) { return f4_splat(v.v[L]); }
static inline float f4_first(f32x4 v) { return v.v[0]; }
static inline float f4_hsum(f32x4 v) { return v.v[0] + v.v[1] + v.v[2] + v.v[3]; }
static inline f32x4 f4_madd(f32x4 a, f32x4 b, f32x4 c) { return f4_add(f4_mul(a, b), c); }
static inline void f4_transpose(f32x4& a, f32x4& b, f32x4& c, f32x4& d) {
  f32x4* r[4] = {&a, &b, &c, &d};
  for (int i = 0; i < 4; i++) {
    for (int j = i + 1; j < 4; j++) {
      const float t = r[i]->v[j];
      r[i]->v[j] = r[j]->v[i];
      r[j]->v[i] = t;
    }
  }
}

#endif

// y[i] = f(x[i]) four lanes at a time; the tail goes through a zero-padded vector so every
// element sees the same arithmetic wherever it sits. y may alias x.
template <typename F>
static inline void f4_map(const float* x, float* y, int n, F f) {
  int i = 0;
  for (; i + 4 <= n; i += 4) f4_store(y + i, f(f4_load(x + i)));
  if (i < n) {
    float t[4] = {0.f, 0.f, 0.f, 0.f};
    for (int k = 0; i + k < n; k++) t[k] = x[i + k];
    f4_store(t, f(f4_load(t)));
    for (int k = 0; i + k < n; k++) y[i + k] = t[k];
  }
}

// y[i] = f(a[i], b[i]), same tail handling as f4_map. y may alias a or b.
template <typename F>
static inline void f4_map2(const float* a, const float* b, float* y, int n, F f) {
  int i = 0;
  for (; i + 4 <= n; i += 4) f4_store(y + i, f(f4_load(a + i), f4_load(b + i)));
  if (i < n) {
    float ta[4] = {0.f, 0.f, 0.f, 0.f}, tb[4] = {0.f, 0.f, 0.f, 0.f};
    for (int k = 0; i + k < n; k++) { ta[k] = a[i + k]; tb[k] = b[i + k]; }
    f4_store(ta, f(f4_load(ta), f4_load(tb)));
    for (int k = 0; i + k < n; k++) y[i + k] = ta[k];
  }
}

#endif  // MXJS_SIMD_H_
