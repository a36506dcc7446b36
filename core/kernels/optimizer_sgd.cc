// Fused SGD step with MXNet 1.9's multi_sgd(_mom)_update evaluation order (api-semantics.md §7.2):
// d = momentum*mom - lr*wd*w - lr*clip(rg*g); w += d; mom = d. Without clipping MXNet computes
// (lr*rg)*g instead of lr*(rg*g), which this mirrors for bit-identical float32 results.
#include "../include/mxjs.h"
#include "../include/parallel.h"

static void sgd_update_serial(float* w, const float* g, float* mom, int n, float lr, float wd,
                          float momentum, float rescale_grad, float clip) {
  const float lr_wd = lr * wd;
  const bool clipping = clip > 0.f;
  const float lr_rg = lr * rescale_grad;
  for (int i = 0; i < n; i++) {
    const float wi = w[i];
    const float m = mom ? momentum * mom[i] : 0.f;
    float d;
    if (clipping) {
      float cg = rescale_grad * g[i];
      cg = cg > clip ? clip : (cg < -clip ? -clip : cg);
      d = m - lr_wd * wi - lr * cg;
    } else {
      d = m - lr_wd * wi - lr_rg * g[i];
    }
    if (mom) mom[i] = d;
    w[i] = wi + d;
  }
}

MX_API void mx_sgd_update(float* w, const float* g, float* mom, int n, float lr, float wd,
                          float momentum, float rescale_grad, float clip) {
  mxjs::parallel_elems(n, [&](int b, int e) {
    sgd_update_serial(w + b, g + b, mom ? mom + b : mom, e - b, lr, wd, momentum, rescale_grad, clip);
  });
}
