// The optimizer kernel family of the mxjs core (core/kernels/optim_*.cc): one fused, in-place update
// per MXNet 1.9.1 optimizer, in the float32 evaluation order of its kernel (nag_mom_update,
// adam_update, rmsprop(alex)_update) or of its Python NDArray expressions (SGLD, AdaGrad, AdaDelta).
// Mirrored by src/backends/wasm/optim.ts. Clipping follows MXNet's kernels: a threshold >= 0 clips
// to [-c, c] (so 0 clips everything to 0), a negative one disables it; the TypeScript optimizers map
// Python's "truthy" / "is not None" rules onto that.
#ifndef MXJS_OPTIM_H_
#define MXJS_OPTIM_H_

#include "mxjs.h"

// NAG (optim_nag.cc). mom == NULL: sgd_update, w = (1 - lr*wd)*w - lr*clip(rg*g). Otherwise
// nag_mom_update in place: m1 = momentum*mom; w' = w - m1 + (momentum+1)*(m1 - lr*(clip(rg*g) + wd*w));
// mom = m1 - lr*(clip(rg*g) + wd*w') -- the momentum sees the already updated weight.
MX_API void mx_nag_update(float* w, const float* g, float* mom, int n, float lr, float wd, float momentum,
                          float rescale_grad, float clip);

// SGLD (optim_sgld.cc): w += (-lr/2)*(clip(rg*g) + wd*w), then w += noise_std * N(0, 1) where the
// normals are exactly mx_random_normal's stream (key, counter); half_lr_neg = -lr/2.
MX_API void mx_sgld_update(float* w, const float* g, int n, float half_lr_neg, float wd, float rescale_grad,
                           float clip, float noise_std, uint32_t key, uint32_t counter);

// Adam (optim_adam.cc), adam_update: gr = clip(g*rg + w*wd); mean = beta1*mean + (1-beta1)*gr;
// var = beta2*var + (1-beta2)*gr*gr; w -= lr_t*mean / (sqrt(var) + epsilon).
MX_API void mx_adam_update(float* w, const float* g, float* mean, float* var, int n, float lr_t, float wd,
                           float beta1, float beta2, float epsilon, float rescale_grad, float clip);

// AdaGrad, dense Python path (optim_adagrad.cc): t = clip(g*rg); history += t*t;
// w += (t / sqrt(history + eps) + w*wd) * neg_lr, with neg_lr = -lr.
MX_API void mx_adagrad_update(float* w, const float* g, float* history, int n, float neg_lr, float wd,
                              float eps, float rescale_grad, float clip);

// RMSProp (optim_rmsprop.cc), gr = clip(rg*g + wd*w). Plain (rmsprop_update):
// n = (1-gamma1)*gr^2 + gamma1*n; w -= lr*(gr / sqrt(n + epsilon)). Centered (rmspropalex_update):
// also gbar = (1-gamma1)*gr + gamma1*gbar; delta = gamma2*delta - lr*gr / sqrt(n - gbar^2 + epsilon);
// w += delta. Both clip the new weight to [-clip_weights, clip_weights] when clip_weights >= 0.
MX_API void mx_rmsprop_update(float* w, const float* g, float* state_n, int n, float lr, float wd,
                              float gamma1, float epsilon, float rescale_grad, float clip, float clip_weights);
MX_API void mx_rmspropalex_update(float* w, const float* g, float* state_n, float* state_g, float* delta,
                                  int n, float lr, float wd, float gamma1, float gamma2, float epsilon,
                                  float rescale_grad, float clip, float clip_weights);

// AdaDelta, Python path (optim_adadelta.cc): g *= rg IN PLACE (the caller's gradient changes, as
// in MXNet); t = clip(g); acc_g = acc_g*rho + one_minus_rho*t*t;
// d = sqrt(acc_delta + epsilon) / sqrt(acc_g + epsilon) * t; acc_delta = acc_delta*rho + one_minus_rho*d*d;
// w -= d + wd*w. The learning rate is not used.
MX_API void mx_adadelta_update(float* w, float* g, float* acc_g, float* acc_delta, int n, float wd, float rho,
                               float one_minus_rho, float epsilon, float rescale_grad, float clip);

#endif  // MXJS_OPTIM_H_
