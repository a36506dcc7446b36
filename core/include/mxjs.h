// The one C interface of the mxjs core: every kernel the TypeScript wasm backend calls
// (src/backends/wasm/exports.ts mirrors it). Plain pointers, ints and floats only, so it links the
// same way into a standalone wasm module and into a native static library.
#ifndef MXJS_H_
#define MXJS_H_

#include <stddef.h>
#include <stdint.h>

// `used` keeps the symbol alive; default visibility makes wasm-ld export it from the module.
#define MX_API extern "C" __attribute__((used, visibility("default")))

// Op codes. The TypeScript side passes the index of the op name in its own list, so the order of
// each enum must match src/backends/wasm/opcodes.ts exactly.
enum MxUnaryOp {
  MX_RELU, MX_SIGMOID, MX_TANH, MX_SOFTRELU, MX_SOFTSIGN, MX_EXP, MX_LOG, MX_SQRT, MX_RSQRT,
  MX_SQUARE, MX_ABS, MX_NEG, MX_SIGN, MX_RECIPROCAL, MX_FLOOR, MX_CEIL, MX_ROUND, MX_IDENTITY,
};
enum MxBinaryOp { MX_ADD, MX_SUB, MX_MUL, MX_DIV, MX_MAX, MX_MIN, MX_POW };
enum MxScalarOp {
  MX_S_ADD, MX_S_SUB, MX_S_RSUB, MX_S_MUL, MX_S_DIV, MX_S_RDIV, MX_S_POW, MX_S_RPOW, MX_S_MAX,
  MX_S_MIN, MX_S_EQ, MX_S_NE, MX_S_GT, MX_S_GE, MX_S_LT, MX_S_LE,
};

// ---- memory (memory.cc) ----
MX_API void* mx_malloc(size_t bytes);
MX_API void mx_free(void* p);
MX_API void mx_copy(float* dst, const float* src, int n);  // overlapping ranges allowed
MX_API void mx_fill(float* dst, int n, float value);
MX_API void mx_copy2d(float* dst, int dst_ld, const float* src, int src_ld, int rows, int cols);
// dst[i,:] = src[idx[i],:]. Checks every index against src_rows first and copies nothing on a bad
// one; returns -1 on success, else the position i of the first out-of-range index.
MX_API int mx_take_rows(float* dst, const float* src, const int32_t* idx, int nidx, int row_len,
                        int src_rows);

// ---- GEMM (gemm.cc): row-major C = alpha*op(A)*op(B) + beta*C; beta == 0 never reads C ----
MX_API void mx_gemm(int trans_a, int trans_b, int M, int N, int K, float alpha, const float* A,
                    int lda, const float* B, int ldb, float beta, float* C, int ldc);

// ---- element-wise (elemwise.cc); y may alias the inputs ----
MX_API void mx_unary(int op, const float* x, float* y, int n);
MX_API void mx_binary(int op, const float* a, const float* b, float* y, int n);
MX_API void mx_scalar(int op, const float* x, float s, float* y, int n);
MX_API void mx_axpby(float alpha, const float* x, float beta, float* y, int n);  // beta == 0: y not read
MX_API void mx_bias_add(const float* x, const float* b, float* y, int outer, int C, int inner);
MX_API void mx_clip(const float* x, float* y, int n, float lo, float hi);

// ---- activation gradients (activation.cc): relu/sigmoid/tanh read y, softrelu/softsign read x ----
MX_API void mx_unary_grad(int op, const float* x, const float* y, const float* dy, float* dx, int n);

// ---- reductions over [outer, mid, inner] (reduce.cc) ----
MX_API void mx_sum_axis(const float* x, float* y, int outer, int mid, int inner, int accumulate);
MX_API void mx_argmax_axis(const float* x, float* y, int outer, int mid, int inner);

// ---- softmax family over the middle axis of [outer, C, inner] (softmax.cc) ----
MX_API void mx_softmax(const float* x, float* y, int outer, int C, int inner, float temperature,
                       int log);
MX_API void mx_softmax_grad(const float* y, const float* dy, float* dx, int outer, int C, int inner,
                            float temperature, int log);
MX_API void mx_softmax_output_grad(const float* p, const float* label, float* dx, int outer, int C,
                                   int inner, float scale, float ignore_label, int use_ignore,
                                   float smooth_alpha, int normalize_valid);

// ---- randomness (random.cc, dropout.cc) ----
// Philox4x32-10 with key (key, 0). Element i of a call takes lane i%4 of the block for the counter
// (counter + floor(i/4)) mod 2^32 in word 0, words 1..3 zero. uniform = (u32 >> 8) * 2^-24.
MX_API void mx_random_uniform(float* y, int n, float low, float high, uint32_t key, uint32_t counter);
// Box–Muller on element pairs (2j, 2j+1) with the uniforms u of those positions:
// r = sqrt(-2 ln(1 - u[2j])), t = 2*pi*u[2j+1]; y[2j] = mean + std*r*cos t, y[2j+1] = ... sin t.
MX_API void mx_random_normal(float* y, int n, float mean, float std, uint32_t key, uint32_t counter);
// mask = (u < keep) / keep, y = x * mask (y may alias x).
MX_API void mx_dropout(const float* x, float* y, float* mask, int n, float keep, uint32_t key,
                       uint32_t counter);

// ---- optimizers (optimizer_sgd.cc); mom == NULL means no momentum state ----
// clip <= 0 disables clipping (callers map MXNet's "falsy" clip_gradient to -1).
MX_API void mx_sgd_update(float* w, const float* g, float* mom, int n, float lr, float wd,
                          float momentum, float rescale_grad, float clip);

// ---- threads (threads.cc); see parallel.h. Only the module built with wasm threads has workers. ----
// Threads kernels may use from now on, clamped to [1, mx_max_threads()]; the workers must exist.
MX_API void mx_set_num_threads(int n);
MX_API int mx_get_num_threads();
MX_API int mx_max_threads();
// Entry of a pool worker (its own module instance on the shared memory); returns after shutdown.
MX_API void mx_worker_main(int tid);
MX_API void mx_threads_shutdown();

#include "mxjs_cnn.h"  // NOLINT(build/include): kernel family, needs MX_API above
#include "mxjs_optim.h"  // NOLINT(build/include): kernel family, needs MX_API above
#include "mxjs_check.h"  // NOLINT(build/include): kernel family, needs MX_API above
#include "mxjs_fusion.h"  // NOLINT(build/include): kernel family, needs MX_API above

#endif  // MXJS_H_
