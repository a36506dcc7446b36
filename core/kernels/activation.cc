// Gradients of the Activation layer (operators.md §3.1), dx = dy * f'(.): relu, sigmoid and tanh
// use the forward output y like MXNet's backward; softrelu and softsign use the input x.
#include <math.h>

#include "../include/mxjs.h"
#include "vmath.h"
#include "../include/parallel.h"

static void unary_grad_serial(int op, const float* x, const float* y, const float* dy, float* dx, int n) {
  const f32x4 one = f4_splat(1.f);
  switch (op) {
    case MX_RELU:
      // Branch-free select: random signs would make a branch mispredict half the time.
      f4_map2(y, dy, dx, n, [](f32x4 yv, f32x4 g) { return f4_select_gt(yv, f4_zero(), g, f4_zero()); });
      break;
    case MX_SIGMOID:
      f4_map2(y, dy, dx, n, [one](f32x4 yv, f32x4 g) { return f4_mul(g, f4_mul(yv, f4_sub(one, yv))); });
      break;
    case MX_TANH:
      f4_map2(y, dy, dx, n, [one](f32x4 yv, f32x4 g) { return f4_mul(g, f4_sub(one, f4_mul(yv, yv))); });
      break;
    case MX_SOFTRELU:
      // d/dx log(1 + e^x) = sigmoid(x); equals 1 in float32 beyond the x > 20 identity branch.
      f4_map2(x, dy, dx, n, [](f32x4 xv, f32x4 g) { return f4_mul(g, f4_sigmoid(xv)); });
      break;
    case MX_SOFTSIGN:
      for (int i = 0; i < n; i++) {
        const float d = 1.f + fabsf(x[i]);
        dx[i] = dy[i] / (d * d);
      }
      break;
  }
}

MX_API void mx_unary_grad(int op, const float* x, const float* y, const float* dy, float* dx, int n) {
  // x or y may be NULL (the operand the gradient does not read).
  mxjs::parallel_elems(n, [&](int b, int e) {
    unary_grad_serial(op, x ? x + b : x, y ? y + b : y, dy + b, dx + b, e - b);
  });
}
