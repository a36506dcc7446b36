// NAG (mx.optimizer.NAG, MXNet 1.9.1): nag_mom_update in place on the weight, so the momentum's
// weight-decay term reads the updated weight; without momentum the single-tensor sgd_update form.
#include "../include/mxjs_optim.h"
#include "optim_common.h"

template <bool CLIP>
static void nag_mom(float* __restrict w, const float* __restrict g, float* __restrict mom, int n, float lr,
                    float wd, float momentum, float rg, float clip) {
  const float mp1 = momentum + 1.f;
  for (int i = 0; i < n; i++) {
    const float gr = CLIP ? optim_clip(rg * g[i], clip) : rg * g[i];
    const float m1 = momentum * mom[i];
    const float wi = w[i];
    const float wn = wi - m1 + mp1 * (m1 - lr * (gr + wd * wi));
    w[i] = wn;
    mom[i] = m1 - lr * (gr + wd * wn);
  }
}

template <bool CLIP>
static void sgd_plain(float* __restrict w, const float* __restrict g, int n, float lr, float wd, float rg,
                      float clip) {
  const float keep = 1.f - lr * wd;
  const float lr_rg = lr * rg;
  for (int i = 0; i < n; i++) {
    w[i] = CLIP ? keep * w[i] - lr * optim_clip(rg * g[i], clip) : keep * w[i] - lr_rg * g[i];
  }
}

MX_API void mx_nag_update(float* w, const float* g, float* mom, int n, float lr, float wd, float momentum,
                          float rescale_grad, float clip) {
  const bool c = optim_clipping(clip);
  if (mom) {
    if (c) nag_mom<true>(w, g, mom, n, lr, wd, momentum, rescale_grad, clip);
    else nag_mom<false>(w, g, mom, n, lr, wd, momentum, rescale_grad, clip);
  } else {
    if (c) sgd_plain<true>(w, g, n, lr, wd, rescale_grad, clip);
    else sgd_plain<false>(w, g, n, lr, wd, rescale_grad, clip);
  }
}
