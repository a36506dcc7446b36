// Adam (mx.optimizer.Adam, MXNet 1.9.1 adam_update): weight decay is added to the rescaled gradient
// before clipping; lr_t (bias corrections folded in) arrives from TypeScript, computed in double.
#include <math.h>

#include "../include/mxjs_optim.h"
#include "optim_common.h"

template <bool CLIP>
static void adam(float* __restrict w, const float* __restrict g, float* __restrict mean, float* __restrict var,
                 int n, float lr_t, float wd, float beta1, float beta2, float epsilon, float rg, float clip) {
  const float a1 = 1.f - beta1, a2 = 1.f - beta2;
  for (int i = 0; i < n; i++) {
    float gr = g[i] * rg + w[i] * wd;
    if (CLIP) gr = optim_clip(gr, clip);
    const float m = beta1 * mean[i] + a1 * gr;
    const float v = beta2 * var[i] + a2 * gr * gr;
    mean[i] = m;
    var[i] = v;
    w[i] = w[i] - lr_t * m / (sqrtf(v) + epsilon);
  }
}

MX_API void mx_adam_update(float* w, const float* g, float* mean, float* var, int n, float lr_t, float wd,
                           float beta1, float beta2, float epsilon, float rescale_grad, float clip) {
  if (optim_clipping(clip)) adam<true>(w, g, mean, var, n, lr_t, wd, beta1, beta2, epsilon, rescale_grad, clip);
  else adam<false>(w, g, mean, var, n, lr_t, wd, beta1, beta2, epsilon, rescale_grad, clip);
}
