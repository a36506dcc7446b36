// AdaDelta (mx.optimizer.AdaDelta, MXNet 1.9.1): the Python NDArray expressions fused. `grad *=
// rescale_grad` runs in place there, so the caller's gradient is rescaled (not clipped) here too.
#include <math.h>

#include "../include/mxjs_optim.h"
#include "optim_common.h"

template <bool CLIP>
static void adadelta(float* __restrict w, float* __restrict g, float* __restrict acc_g, float* __restrict acc_d,
                     int n, float wd, float rho, float one_minus_rho, float epsilon, float rg, float clip) {
  for (int i = 0; i < n; i++) {
    const float gs = g[i] * rg;
    g[i] = gs;
    const float t = CLIP ? optim_clip(gs, clip) : gs;
    const float ag = acc_g[i] * rho + one_minus_rho * t * t;
    const float d = sqrtf(acc_d[i] + epsilon) / sqrtf(ag + epsilon) * t;
    acc_g[i] = ag;
    acc_d[i] = acc_d[i] * rho + one_minus_rho * d * d;
    w[i] = w[i] - (d + wd * w[i]);
  }
}

MX_API void mx_adadelta_update(float* w, float* g, float* acc_g, float* acc_delta, int n, float wd, float rho,
                               float one_minus_rho, float epsilon, float rescale_grad, float clip) {
  if (optim_clipping(clip)) adadelta<true>(w, g, acc_g, acc_delta, n, wd, rho, one_minus_rho, epsilon, rescale_grad, clip);
  else adadelta<false>(w, g, acc_g, acc_delta, n, wd, rho, one_minus_rho, epsilon, rescale_grad, clip);
}
