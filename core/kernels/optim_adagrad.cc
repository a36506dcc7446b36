// AdaGrad (mx.optimizer.AdaGrad, MXNet 1.9.1, dense gradients): the Python NDArray expressions fused,
// eps inside the square root and weight decay applied outside the adaptive term.
#include <math.h>

#include "../include/mxjs_optim.h"
#include "optim_common.h"

template <bool CLIP>
static void adagrad(float* __restrict w, const float* __restrict g, float* __restrict hist, int n, float neg_lr,
                    float wd, float eps, float rg, float clip) {
  for (int i = 0; i < n; i++) {
    float t = g[i] * rg;
    if (CLIP) t = optim_clip(t, clip);
    const float h = hist[i] + t * t;
    hist[i] = h;
    const float div = t / sqrtf(h + eps);
    w[i] = w[i] + (div + w[i] * wd) * neg_lr;
  }
}

MX_API void mx_adagrad_update(float* w, const float* g, float* history, int n, float neg_lr, float wd,
                              float eps, float rescale_grad, float clip) {
  if (optim_clipping(clip)) adagrad<true>(w, g, history, n, neg_lr, wd, eps, rescale_grad, clip);
  else adagrad<false>(w, g, history, n, neg_lr, wd, eps, rescale_grad, clip);
}
