// Element-wise kernels: unary math, binary and scalar arithmetic/comparisons, axpby, bias add and
// clip, with the formulas of MXNet's mshadow_op.h (e.g. softrelu returns x above 20, round is
// half-away-from-zero, max/min propagate NaN). Plain loops clang vectorises with -msimd128, and
// explicit vector exp/sigmoid/tanh (vmath.h) where libm's scalar calls would dominate.
#include <math.h>

#include "../include/mxjs.h"
#include "vmath.h"
#include "../include/parallel.h"

namespace {

// MXNet's softrelu (softplus) switches to the identity above 20 to avoid overflow.
inline float softrelu(float x) { return x > 20.f ? x : log1pf(expf(x)); }
inline float sign(float x) { return x < 0.f ? -1.f : (x > 0.f ? 1.f : 0.f); }
inline float fmax_nan(float a, float b) { return (a != a || a > b) ? a : b; }
inline float fmin_nan(float a, float b) { return (a != a || a < b) ? a : b; }

template <typename F>
inline void map1(const float* x, float* y, int n, F f) {
  for (int i = 0; i < n; i++) y[i] = f(x[i]);
}
template <typename F>
inline void map2(const float* a, const float* b, float* y, int n, F f) {
  for (int i = 0; i < n; i++) y[i] = f(a[i], b[i]);
}

}  // namespace

static void unary_serial(int op, const float* x, float* y, int n) {
  switch (op) {
    case MX_RELU: map1(x, y, n, [](float v) { return v > 0.f ? v : 0.f; }); break;
    case MX_SIGMOID: f4_map(x, y, n, f4_sigmoid); break;
    case MX_TANH: f4_map(x, y, n, f4_tanh); break;
    case MX_SOFTRELU: map1(x, y, n, softrelu); break;
    case MX_SOFTSIGN: map1(x, y, n, [](float v) { return v / (1.f + fabsf(v)); }); break;
    case MX_EXP: f4_map(x, y, n, f4_exp); break;
    case MX_LOG: map1(x, y, n, [](float v) { return logf(v); }); break;
    case MX_SQRT: map1(x, y, n, [](float v) { return sqrtf(v); }); break;
    case MX_RSQRT: map1(x, y, n, [](float v) { return 1.f / sqrtf(v); }); break;
    case MX_SQUARE: map1(x, y, n, [](float v) { return v * v; }); break;
    case MX_ABS: map1(x, y, n, [](float v) { return fabsf(v); }); break;
    case MX_NEG: map1(x, y, n, [](float v) { return -v; }); break;
    case MX_SIGN: map1(x, y, n, sign); break;
    case MX_RECIPROCAL: map1(x, y, n, [](float v) { return 1.f / v; }); break;
    case MX_FLOOR: map1(x, y, n, [](float v) { return floorf(v); }); break;
    case MX_CEIL: map1(x, y, n, [](float v) { return ceilf(v); }); break;
    case MX_ROUND: map1(x, y, n, [](float v) { return roundf(v); }); break;
    case MX_IDENTITY: if (y != x) map1(x, y, n, [](float v) { return v; }); break;
  }
}

MX_API void mx_unary(int op, const float* x, float* y, int n) {
  mxjs::parallel_elems(n, [&](int b, int e) { unary_serial(op, x + b, y + b, e - b); });
}

static void binary_serial(int op, const float* a, const float* b, float* y, int n) {
  switch (op) {
    case MX_ADD: map2(a, b, y, n, [](float p, float q) { return p + q; }); break;
    case MX_SUB: map2(a, b, y, n, [](float p, float q) { return p - q; }); break;
    case MX_MUL: map2(a, b, y, n, [](float p, float q) { return p * q; }); break;
    case MX_DIV: map2(a, b, y, n, [](float p, float q) { return p / q; }); break;
    case MX_MAX: map2(a, b, y, n, fmax_nan); break;
    case MX_MIN: map2(a, b, y, n, fmin_nan); break;
    case MX_POW: map2(a, b, y, n, [](float p, float q) { return powf(p, q); }); break;
  }
}

MX_API void mx_binary(int op, const float* a, const float* b, float* y, int n) {
  mxjs::parallel_elems(n, [&](int lo, int hi) { binary_serial(op, a + lo, b + lo, y + lo, hi - lo); });
}

static void scalar_serial(int op, const float* x, float s, float* y, int n) {
  switch (op) {
    case MX_S_ADD: map1(x, y, n, [s](float v) { return v + s; }); break;
    case MX_S_SUB: map1(x, y, n, [s](float v) { return v - s; }); break;
    case MX_S_RSUB: map1(x, y, n, [s](float v) { return s - v; }); break;
    case MX_S_MUL: map1(x, y, n, [s](float v) { return v * s; }); break;
    case MX_S_DIV: map1(x, y, n, [s](float v) { return v / s; }); break;
    case MX_S_RDIV: map1(x, y, n, [s](float v) { return s / v; }); break;
    case MX_S_POW: map1(x, y, n, [s](float v) { return powf(v, s); }); break;
    case MX_S_RPOW: map1(x, y, n, [s](float v) { return powf(s, v); }); break;
    case MX_S_MAX: map1(x, y, n, [s](float v) { return fmax_nan(v, s); }); break;
    case MX_S_MIN: map1(x, y, n, [s](float v) { return fmin_nan(v, s); }); break;
    case MX_S_EQ: map1(x, y, n, [s](float v) { return v == s ? 1.f : 0.f; }); break;
    case MX_S_NE: map1(x, y, n, [s](float v) { return v != s ? 1.f : 0.f; }); break;
    case MX_S_GT: map1(x, y, n, [s](float v) { return v > s ? 1.f : 0.f; }); break;
    case MX_S_GE: map1(x, y, n, [s](float v) { return v >= s ? 1.f : 0.f; }); break;
    case MX_S_LT: map1(x, y, n, [s](float v) { return v < s ? 1.f : 0.f; }); break;
    case MX_S_LE: map1(x, y, n, [s](float v) { return v <= s ? 1.f : 0.f; }); break;
  }
}

MX_API void mx_scalar(int op, const float* x, float s, float* y, int n) {
  mxjs::parallel_elems(n, [&](int b, int e) { scalar_serial(op, x + b, s, y + b, e - b); });
}

static void axpby_serial(float alpha, const float* x, float beta, float* y, int n) {
  // BLAS convention: beta == 0 overwrites y, so uninitialised (NaN) outputs are fine.
  if (beta == 0.f) {
    for (int i = 0; i < n; i++) y[i] = alpha * x[i];
  } else {
    for (int i = 0; i < n; i++) y[i] = alpha * x[i] + beta * y[i];
  }
}

MX_API void mx_axpby(float alpha, const float* x, float beta, float* y, int n) {
  mxjs::parallel_elems(n, [&](int b, int e) { axpby_serial(alpha, x + b, beta, y + b, e - b); });
}

static void bias_add_serial(const float* x, const float* b, float* y, int outer, int C, int inner) {
  for (int o = 0; o < outer; o++) {
    for (int c = 0; c < C; c++) {
      const size_t base = ((size_t)o * C + c) * inner;
      const float bc = b[c];
      for (int i = 0; i < inner; i++) y[base + i] = x[base + i] + bc;
    }
  }
}

// Split over rows of `inner` elements, each with its own channel.
MX_API void mx_bias_add(const float* x, const float* b, float* y, int outer, int C, int inner) {
  if (outer <= 0 || C <= 0 || inner <= 0) return;
  const int rows = outer * C;
  mxjs::parallel_range(rows, mxjs::kParallelElems / inner + 1, 1, [&](int lo, int hi) {
    for (int r = lo; r < hi; r++) {
      const size_t base = (size_t)r * inner;
      bias_add_serial(x + base, b + r % C, y + base, 1, 1, inner);
    }
  });
}

static void clip_serial(const float* x, float* y, int n, float lo, float hi) {
  // mshadow_op::clip: upper bound tested first; NaN passes through unchanged.
  map1(x, y, n, [lo, hi](float v) { return v > hi ? hi : (v < lo ? lo : v); });
}

MX_API void mx_clip(const float* x, float* y, int n, float lo, float hi) {
  mxjs::parallel_elems(n, [&](int b, int e) { clip_serial(x + b, y + b, e - b, lo, hi); });
}
