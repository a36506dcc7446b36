// The CNN kernel family of the mxjs core (core/kernels/cnn_*.cc): im2col/col2im for (de)convolution,
// pooling, batch/local-response normalisation, LeakyReLU variants and the strided data movement that
// transpose/slice/broadcast/reductions/embedding/upsampling need. Mirrored by src/backends/wasm/cnn.ts.
#ifndef MXJS_CNN_H_
#define MXJS_CNN_H_

#include "mxjs.h"

// ---- convolution lowering (cnn_im2col.cc), `batch` consecutive images [C, H, W] <-> col
// [C*kh*kw, batch*oh*ow] whose rows are col_ld (>= batch*oh*ow) apart, image b in columns
// [b*oh*ow, (b+1)*oh*ow). Padding reads as zero. col2im overwrites the images (zero first, then sums
// overlapping patches). ----
MX_API void mx_im2col(const float* x, float* col, int C, int H, int W, int kh, int kw, int sh, int sw,
                      int ph, int pw, int dh, int dw, int oh, int ow, int col_ld, int batch);
MX_API void mx_col2im(const float* col, float* x, int C, int H, int W, int kh, int kw, int sh, int sw,
                      int ph, int pw, int dh, int dw, int oh, int ow, int col_ld, int batch);

// Convolution forward without the col matrix: y[F, batch*oh*ow] = w[F, C*kh*kw] x col(x) for `batch`
// consecutive images x[batch, C, H, W] (groups of 1; channel-major output, as the im2col path's GEMM).
MX_API void mx_conv_gemm(const float* w, const float* x, float* y, int F, int C, int H, int W, int kh, int kw,
                         int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow, int batch);

// Its weight gradient without the col matrix: dw[F, C*kh*kw] = beta*dw + dy[F, batch*oh*ow] x col(x)^T
// (beta 0: dw not read).
MX_API void mx_conv_gemm_dw(const float* dy, const float* x, float* dw, int F, int C, int H, int W, int kh, int kw,
                           int sh, int sw, int ph, int pw, int dh, int dw_, int oh, int ow, int batch, float beta);

// ---- pooling over planes [P, H, W] -> [P, oh, ow] (cnn_pool.cc); type 0 max, 1 avg, 2 sum ----
// Window clipping follows MXNet pool.h: end = min(start + k, in + pad), the avg divisor is taken
// before clipping to the input (count_include_pad) or after it (!count_include_pad).
MX_API void mx_pool(const float* x, float* y, int P, int H, int W, int oh, int ow, int kh, int kw,
                    int sh, int sw, int ph, int pw, int type, int count_include_pad);
// dx is overwritten. Max routes each dy to the first maximum of its window (compared with y).
MX_API void mx_pool_grad(const float* x, const float* y, const float* dy, float* dx, int P, int H,
                         int W, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw,
                         int type, int count_include_pad);

// ---- normalisation over a [outer, C, inner] view (cnn_norm.cc) ----
// Batch statistics per channel: mean and invstd = 1/sqrt(biased var + eps).
MX_API void mx_bn_stats(const float* x, float* mean, float* invstd, int outer, int C, int inner,
                        float eps);
// y = (x - mean) * invstd * gamma + beta; gamma == NULL means gamma = 1 (fix_gamma).
MX_API void mx_bn_apply(const float* x, float* y, const float* mean, const float* invstd,
                        const float* gamma, const float* beta, int outer, int C, int inner);
// dgamma = sum dy*xhat, dbeta = sum dy (either may be NULL). dx (may be NULL) is the full batch-stat
// gradient when batch_stats, else dy*gamma*invstd (statistics held constant). gamma NULL = 1.
MX_API void mx_bn_backward(const float* x, const float* dy, const float* mean, const float* invstd,
                           const float* gamma, float* dx, float* dgamma, float* dbeta, int outer,
                           int C, int inner, int batch_stats);
// LRN across channels of [N, C, inner]: norm = knorm + alpha/nsize * sum of x^2 over the nsize-wide
// channel window (clipped), y = x * norm^-beta.
MX_API void mx_lrn(const float* x, float* y, float* norm, int N, int C, int inner, int nsize,
                   float alpha, float beta, float knorm);
MX_API void mx_lrn_grad(const float* x, const float* norm, const float* dy, float* dx, int N, int C,
                        int inner, int nsize, float alpha, float beta);

// ---- LeakyReLU family over [outer, C, inner] (cnn_act.cc); act 0 leaky, 1 prelu (slopes[C]),
// 2 elu, 3 selu, 4 gelu (exact erf). slopes is read only for prelu. ----
MX_API void mx_leaky(int act, const float* x, const float* slopes, float* y, int outer, int C,
                     int inner, float slope);
// elu reads y (forward output), the others read x.
MX_API void mx_leaky_grad(int act, const float* x, const float* y, const float* slopes,
                          const float* dy, float* dx, int outer, int C, int inner, float slope);
// dgamma[c] = sum over x <= 0 of dy*x (prelu), overwritten.
MX_API void mx_prelu_gamma_grad(const float* x, const float* dy, float* dgamma, int outer, int C,
                                int inner);

// ---- data movement (cnn_layout.cc) ----
// dst[sum i_k*dst_strides[k]] (+)= src[sum i_k*src_strides[k]] over the index box `shape`; strides in
// elements, may be 0 (broadcast read; with accumulate, a reduction write) or negative (reversed slices).
MX_API void mx_strided_copy(float* dst, const float* src, int ndim, const int32_t* shape,
                            const int32_t* dst_strides, const int32_t* src_strides, int accumulate);
// y (contiguous over shape) = op(a, b) with per-operand strides (0 on broadcast axes); op = MxBinaryOp.
MX_API void mx_broadcast_binary(int op, const float* a, const float* b, float* y, int ndim,
                                const int32_t* shape, const int32_t* a_strides,
                                const int32_t* b_strides);
// Embedding: y[i,:] = w[clip(int(idx[i]), 0, rows-1), :]; grad overwrites dw with the scatter-sum.
MX_API void mx_embedding(const float* idx, const float* w, float* y, int n, int dim, int rows);
MX_API void mx_embedding_grad(const float* idx, const float* dy, float* dw, int n, int dim, int rows);
// Nearest upsampling of x [N, C, H, W] by `scale` into channels [c_off, c_off+C) of y [N, yC, H*s, W*s];
// accumulate adds instead of writing. The gradient sums each s x s block of dy back into dx.
MX_API void mx_upsample_nearest(const float* x, float* y, int N, int C, int H, int W, int scale,
                                int yC, int c_off, int accumulate);
MX_API void mx_upsample_nearest_grad(const float* dy, float* dx, int N, int C, int H, int W,
                                     int scale, int yC, int c_off);

#endif  // MXJS_CNN_H_
