// Fused epilogues for the executor's graph optimisations: bias + activation in one pass over a layer's
// output (instead of a bias pass and an Activation pass), and BatchNorm inference folded into the
// weights of the layer before it. Activation formulas match mx_unary exactly, so fused = unfused.
#include <math.h>

#include "../include/mxjs.h"
#include "vmath.h"
#include "../include/parallel.h"

namespace {

// MXNet's softrelu switches to the identity above 20 (same as elemwise.cc).
inline float softrelu(float x) { return x > 20.f ? x : log1pf(expf(x)); }

// y[i] = act(x[i] + bias[i]) where bias is a vector (bstep 1) or one value splatted (bstep 0).
template <int kStep>
void bias_act_row(const float* x, const float* bias, float* y, int n, int act) {
  switch (act) {
    case MX_RELU:
      // Branch-free select, NaN -> 0 like mx_unary's relu (v > 0 ? v : 0).
      if (kStep) f4_map2(x, bias, y, n, [](f32x4 v, f32x4 c) { v = f4_add(v, c); return f4_select_gt(v, f4_zero(), v, f4_zero()); });
      else {
        const f32x4 c = f4_splat(bias ? *bias : 0.f);
        f4_map(x, y, n, [c](f32x4 v) { v = f4_add(v, c); return f4_select_gt(v, f4_zero(), v, f4_zero()); });
      }
      return;
    case MX_SIGMOID:
      if (kStep) f4_map2(x, bias, y, n, [](f32x4 v, f32x4 c) { return f4_sigmoid(f4_add(v, c)); });
      else {
        const f32x4 c = f4_splat(bias ? *bias : 0.f);
        f4_map(x, y, n, [c](f32x4 v) { return f4_sigmoid(f4_add(v, c)); });
      }
      return;
    case MX_TANH:
      if (kStep) f4_map2(x, bias, y, n, [](f32x4 v, f32x4 c) { return f4_tanh(f4_add(v, c)); });
      else {
        const f32x4 c = f4_splat(bias ? *bias : 0.f);
        f4_map(x, y, n, [c](f32x4 v) { return f4_tanh(f4_add(v, c)); });
      }
      return;
    default:
      break;
  }
  // Scalar activations (softrelu, softsign) and the identity: libm per element, as in mx_unary.
  for (int i = 0; i < n; i++) {
    const float v = x[i] + (bias ? bias[kStep ? i : 0] : 0.f);
    y[i] = act == MX_SOFTRELU ? softrelu(v) : act == MX_SOFTSIGN ? v / (1.f + fabsf(v)) : v;
  }
}

}  // namespace

MX_API void mx_bias_act(const float* x, const float* b, float* y, int outer, int C, int inner, int act) {
  if (outer <= 0 || C <= 0 || inner <= 0) return;
  if (inner == 1) {
    // Fully-connected layout [M, N]: each row adds the whole bias vector.
    mxjs::parallel_range(outer, mxjs::kParallelElems / C + 1, 1, [&](int lo, int hi) {
      for (int r = lo; r < hi; r++) {
        const size_t base = (size_t)r * C;
        if (b) bias_act_row<1>(x + base, b, y + base, C, act);
        else bias_act_row<0>(x + base, nullptr, y + base, C, act);
      }
    });
    return;
  }
  // NCHW layout: rows of `inner` positions, each with one channel's bias.
  const int rows = outer * C;
  mxjs::parallel_range(rows, mxjs::kParallelElems / inner + 1, 1, [&](int lo, int hi) {
    for (int r = lo; r < hi; r++) {
      const size_t base = (size_t)r * inner;
      bias_act_row<0>(x + base, b ? b + r % C : nullptr, y + base, inner, act);
    }
  });
}

MX_API void mx_bn_fold(const float* w, const float* b, const float* gamma, const float* beta, const float* mean,
                       const float* var, float eps, int fix_gamma, int F, int K, float* w2, float* b2) {
  if (F <= 0) return;
  mxjs::parallel_range(F, K > 0 ? mxjs::kParallelElems / K + 1 : F, 1, [&](int lo, int hi) {
    for (int f = lo; f < hi; f++) {
      // The scale in double: it multiplies every weight of the filter, so its rounding counts once.
      const double s = (fix_gamma ? 1.0 : (double)gamma[f]) / sqrt((double)var[f] + (double)eps);
      const float sf = (float)s;
      const size_t row = (size_t)f * K;
      const f32x4 sv = f4_splat(sf);
      f4_map(w + row, w2 + row, K, [sv](f32x4 v) { return f4_mul(v, sv); });
      b2[f] = (float)(((b ? (double)b[f] : 0.0) - (double)mean[f]) * s + (double)beta[f]);
    }
  });
}
