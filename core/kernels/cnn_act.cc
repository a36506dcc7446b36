// LeakyReLU's activations (leaky_relu-inl.h, mshadow_op.h) over a [outer, C, inner] view: leaky,
// prelu with one slope per channel (rrelu reuses it with one slope per element), elu, selu and the
// exact-erf gelu, plus their gradients and prelu's slope gradient.
#include <math.h>

#include "../include/mxjs_cnn.h"

namespace {

constexpr float kSeluLambda = 1.0507009873554804934193349852946f;
constexpr float kSeluAlpha = 1.6732632423543772848170429916717f;
constexpr float kSqrtHalf = 0.70710678118654752440f;
constexpr float kInvSqrt2Pi = 0.39894228040143267794f;

enum Act { LEAKY, PRELU, ELU, SELU, GELU };

inline float act_fwd(int act, float x, float a) {
  switch (act) {
    case LEAKY:
    case PRELU: return x > 0.f ? x : a * x;
    case ELU: return x > 0.f ? x : a * expm1f(x);
    case SELU: return kSeluLambda * (x > 0.f ? x : kSeluAlpha * expm1f(x));
    default: return 0.5f * x * (1.f + erff(x * kSqrtHalf));
  }
}

// f'(x); elu uses its output y (y + a for x <= 0), as MXNet's xelu_grad does.
inline float act_grad(int act, float x, float y, float a) {
  switch (act) {
    case LEAKY:
    case PRELU: return x > 0.f ? 1.f : a;
    case ELU: return x > 0.f ? 1.f : y + a;
    case SELU: return x > 0.f ? kSeluLambda : kSeluLambda * kSeluAlpha * expf(x);
    default: return 0.5f * (1.f + erff(x * kSqrtHalf)) + x * kInvSqrt2Pi * expf(-0.5f * x * x);
  }
}

}  // namespace

MX_API void mx_leaky(int act, const float* x, const float* slopes, float* y, int outer, int C,
                     int inner, float slope) {
  for (int o = 0; o < outer; o++) {
    for (int c = 0; c < C; c++) {
      const float a = act == PRELU ? slopes[c] : slope;
      const size_t base = ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) y[base + i] = act_fwd(act, x[base + i], a);
    }
  }
}

MX_API void mx_leaky_grad(int act, const float* x, const float* y, const float* slopes,
                          const float* dy, float* dx, int outer, int C, int inner, float slope) {
  for (int o = 0; o < outer; o++) {
    for (int c = 0; c < C; c++) {
      const float a = act == PRELU ? slopes[c] : slope;
      const size_t base = ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) {
        const size_t k = base + i;
        dx[k] = dy[k] * act_grad(act, x[k], act == ELU ? y[k] : 0.f, a);
      }
    }
  }
}

MX_API void mx_prelu_gamma_grad(const float* x, const float* dy, float* dgamma, int outer, int C,
                                int inner) {
  for (int c = 0; c < C; c++) {
    double s = 0;
    for (int o = 0; o < outer; o++) {
      const size_t base = ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) {
        if (!(x[base + i] > 0.f)) s += (double)dy[base + i] * x[base + i];
      }
    }
    dgamma[c] = (float)s;
  }
}
