// RMSProp (mx.optimizer.RMSProp, MXNet 1.9.1): rmsprop_update (Tieleman & Hinton) and
// rmspropalex_update (centered, Graves 2013); wd joins the gradient before clipping, epsilon sits
// inside the square root, and clip_weights bounds the new weight.
#include <math.h>

#include "../include/mxjs_optim.h"
#include "optim_common.h"

template <bool CLIP, bool CLIPW>
static void plain(float* __restrict w, const float* __restrict g, float* __restrict sn, int n, float lr, float wd,
                  float gamma1, float epsilon, float rg, float clip, float clip_w) {
  const float a1 = 1.f - gamma1;
  for (int i = 0; i < n; i++) {
    float gr = rg * g[i] + wd * w[i];
    if (CLIP) gr = optim_clip(gr, clip);
    const float s = a1 * (gr * gr) + gamma1 * sn[i];
    sn[i] = s;
    const float wn = w[i] - lr * (gr / sqrtf(s + epsilon));
    w[i] = CLIPW ? optim_clip(wn, clip_w) : wn;
  }
}

template <bool CLIP, bool CLIPW>
static void centered(float* __restrict w, const float* __restrict g, float* __restrict sn, float* __restrict sg,
                     float* __restrict delta, int n, float lr, float wd, float gamma1, float gamma2,
                     float epsilon, float rg, float clip, float clip_w) {
  const float a1 = 1.f - gamma1;
  for (int i = 0; i < n; i++) {
    float gr = rg * g[i] + wd * w[i];
    if (CLIP) gr = optim_clip(gr, clip);
    const float s = a1 * gr * gr + gamma1 * sn[i];
    const float m = a1 * gr + gamma1 * sg[i];
    const float d = gamma2 * delta[i] - lr * gr / sqrtf(s - m * m + epsilon);
    sn[i] = s;
    sg[i] = m;
    delta[i] = d;
    const float wn = w[i] + d;
    w[i] = CLIPW ? optim_clip(wn, clip_w) : wn;
  }
}

MX_API void mx_rmsprop_update(float* w, const float* g, float* state_n, int n, float lr, float wd,
                              float gamma1, float epsilon, float rescale_grad, float clip, float clip_weights) {
  const int mode = (optim_clipping(clip) ? 1 : 0) | (optim_clipping(clip_weights) ? 2 : 0);
  switch (mode) {
    case 0: plain<false, false>(w, g, state_n, n, lr, wd, gamma1, epsilon, rescale_grad, clip, clip_weights); break;
    case 1: plain<true, false>(w, g, state_n, n, lr, wd, gamma1, epsilon, rescale_grad, clip, clip_weights); break;
    case 2: plain<false, true>(w, g, state_n, n, lr, wd, gamma1, epsilon, rescale_grad, clip, clip_weights); break;
    default: plain<true, true>(w, g, state_n, n, lr, wd, gamma1, epsilon, rescale_grad, clip, clip_weights);
  }
}

MX_API void mx_rmspropalex_update(float* w, const float* g, float* state_n, float* state_g, float* delta,
                                  int n, float lr, float wd, float gamma1, float gamma2, float epsilon,
                                  float rescale_grad, float clip, float clip_weights) {
  const int mode = (optim_clipping(clip) ? 1 : 0) | (optim_clipping(clip_weights) ? 2 : 0);
  switch (mode) {
    case 0: centered<false, false>(w, g, state_n, state_g, delta, n, lr, wd, gamma1, gamma2, epsilon,
                                   rescale_grad, clip, clip_weights); break;
    case 1: centered<true, false>(w, g, state_n, state_g, delta, n, lr, wd, gamma1, gamma2, epsilon,
                                  rescale_grad, clip, clip_weights); break;
    case 2: centered<false, true>(w, g, state_n, state_g, delta, n, lr, wd, gamma1, gamma2, epsilon,
                                  rescale_grad, clip, clip_weights); break;
    default: centered<true, true>(w, g, state_n, state_g, delta, n, lr, wd, gamma1, gamma2, epsilon,
                                  rescale_grad, clip, clip_weights);
  }
}
