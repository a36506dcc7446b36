// SGLD (mx.optimizer.SGLD, MXNet 1.9.1): the Python rule w += -lr/2*(clip(rg*g) + wd*w), then
// Gaussian noise of std sqrt(lr). The noise is mx_random_normal's stream for (key, counter),
// generated block by block in place, so no temporary array is needed.
#include <math.h>

#include "../include/mxjs_optim.h"
#include "optim_common.h"
#include "philox.h"

template <bool CLIP>
static void sgld_step(float* __restrict w, const float* __restrict g, int n, float half_lr_neg, float wd,
                      float rg, float clip) {
  for (int i = 0; i < n; i++) {
    const float gr = CLIP ? optim_clip(g[i] * rg, clip) : g[i] * rg;
    w[i] = w[i] + half_lr_neg * (gr + wd * w[i]);
  }
}

MX_API void mx_sgld_update(float* w, const float* g, int n, float half_lr_neg, float wd, float rescale_grad,
                           float clip, float noise_std, uint32_t key, uint32_t counter) {
  if (optim_clipping(clip)) sgld_step<true>(w, g, n, half_lr_neg, wd, rescale_grad, clip);
  else sgld_step<false>(w, g, n, half_lr_neg, wd, rescale_grad, clip);
  // Box-Muller on the pairs (2j, 2j+1) of one Philox block, as mx_random_normal does: a block holds
  // two whole pairs, so the odd tail's partner uniform comes from the same block.
  const float two_pi = 6.28318530717958647692f;
  for (int base = 0; base < n; base += 4) {
    const Philox4 b = philox4x32_10(counter + (uint32_t)(base >> 2), key);
    float z[4];
    for (int p = 0; p < 4; p += 2) {
      const float r = sqrtf(-2.f * logf(1.f - philox_unit(b.v[p])));
      const float t = two_pi * philox_unit(b.v[p + 1]);
      z[p] = r * cosf(t);
      z[p + 1] = r * sinf(t);
    }
    const int lanes = n - base < 4 ? n - base : 4;
    for (int l = 0; l < lanes; l++) w[base + l] = w[base + l] + (0.f + noise_std * z[l]);
  }
}
