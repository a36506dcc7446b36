// The fusion kernel family of the mxjs core (core/kernels/fusion.cc): the epilogues of the executor's
// predict-time graph optimisations (src/executor/fusion.ts). Mirrored by src/backends/wasm/fusion.ts.
#ifndef MXJS_FUSION_H_
#define MXJS_FUSION_H_

#include "mxjs.h"

// y[o, c, i] = act(x[o, c, i] + b[c]) over an [outer, C, inner] view; b may be NULL (no bias). act is
// an MxUnaryOp code among MX_RELU, MX_SIGMOID, MX_TANH, MX_SOFTRELU, MX_SOFTSIGN, MX_IDENTITY, with the
// formulas of mx_unary. y may equal x.
MX_API void mx_bias_act(const float* x, const float* b, float* y, int outer, int C, int inner, int act);

// BatchNorm (inference) folded into the preceding layer with weight w [F, K] and bias b [F] (b NULL:
// no bias): s = gamma / sqrt(var + eps) (gamma = 1 when fix_gamma), w2[f, :] = w[f, :] * s[f],
// b2[f] = (b[f] - mean[f]) * s[f] + beta[f].
MX_API void mx_bn_fold(const float* w, const float* b, const float* gamma, const float* beta, const float* mean,
                       const float* var, float eps, int fix_gamma, int F, int K, float* w2, float* b2);

#endif  // MXJS_FUSION_H_
