// im2col / col2im for one NCHW image (Caffe/MXNet layout: col row = (c*kh + i)*kw + j, column =
// oy*ow + ox), so Convolution is a GEMM of the weights with col and its data gradient a GEMM + col2im.
// Rows are col_ld apart, so several images can sit side by side in one col matrix (one big GEMM).
#include <string.h>

#include "../include/mxjs_cnn.h"
#include "../include/parallel.h"
#include "../include/simd.h"

namespace {

// First and one-past-last output index o in [0, n) with 0 <= o*s + off < in.
inline void valid_range(int n, int s, int off, int in, int* lo, int* hi) {
  int a = 0;
  while (a < n && a * s + off < 0) a++;
  int b = n;
  while (b > a && (b - 1) * s + off >= in) b--;
  *lo = a;
  *hi = b;
}

void im2col_one(const float* x, float* col, int C, int H, int W, int kh, int kw, int sh, int sw, int ph, int pw,
                int dh, int dw, int oh, int ow, int col_ld) {
  for (int c = 0; c < C; c++) {
    const float* xc = x + (size_t)c * H * W;
    for (int i = 0; i < kh; i++) {
      int ylo, yhi;
      valid_range(oh, sh, i * dh - ph, H, &ylo, &yhi);
      for (int j = 0; j < kw; j++) {
        float* row = col + ((size_t)(c * kh + i) * kw + j) * col_ld;
        int xlo, xhi;
        valid_range(ow, sw, j * dw - pw, W, &xlo, &xhi);
        if (ylo > 0) memset(row, 0, sizeof(float) * ylo * ow);
        for (int oy = ylo; oy < yhi; oy++) {
          const float* src = xc + (size_t)(oy * sh + i * dh - ph) * W + j * dw - pw;
          float* dst = row + (size_t)oy * ow;
          for (int ox = 0; ox < xlo; ox++) dst[ox] = 0.f;
          if (sw == 1) {
            // Short runs (a few floats) are common: vector moves inline beat a memcpy call.
            int ox = xlo;
            for (; ox + 4 <= xhi; ox += 4) f4_store(dst + ox, f4_load(src + ox));
            for (; ox < xhi; ox++) dst[ox] = src[ox];
          } else {
            for (int ox = xlo; ox < xhi; ox++) dst[ox] = src[ox * sw];
          }
          for (int ox = xhi; ox < ow; ox++) dst[ox] = 0.f;
        }
        if (yhi < oh) memset(row + (size_t)yhi * ow, 0, sizeof(float) * (oh - yhi) * ow);
      }
    }
  }
}

void col2im_one(const float* col, float* x, int C, int H, int W, int kh, int kw, int sh, int sw, int ph, int pw,
                int dh, int dw, int oh, int ow, int col_ld) {
  memset(x, 0, sizeof(float) * C * H * W);
  for (int c = 0; c < C; c++) {
    float* xc = x + (size_t)c * H * W;
    for (int i = 0; i < kh; i++) {
      int ylo, yhi;
      valid_range(oh, sh, i * dh - ph, H, &ylo, &yhi);
      for (int j = 0; j < kw; j++) {
        const float* row = col + ((size_t)(c * kh + i) * kw + j) * col_ld;
        int xlo, xhi;
        valid_range(ow, sw, j * dw - pw, W, &xlo, &xhi);
        for (int oy = ylo; oy < yhi; oy++) {
          float* dst = xc + (size_t)(oy * sh + i * dh - ph) * W + j * dw - pw;
          const float* src = row + (size_t)oy * ow;
          if (sw == 1) {
            int ox = xlo;
            for (; ox + 4 <= xhi; ox += 4) f4_store(dst + ox, f4_add(f4_load(dst + ox), f4_load(src + ox)));
            for (; ox < xhi; ox++) dst[ox] += src[ox];
          } else {
            for (int ox = xlo; ox < xhi; ox++) dst[ox * sw] += src[ox];
          }
        }
      }
    }
  }
}

}  // namespace

// Image b of the batch reads x + b*C*H*W and fills columns [b*oh*ow, (b+1)*oh*ow) of every col row;
// images are independent, so threads take contiguous runs of them.
MX_API void mx_im2col(const float* x, float* col, int C, int H, int W, int kh, int kw, int sh, int sw,
                      int ph, int pw, int dh, int dw, int oh, int ow, int col_ld, int batch) {
  const size_t img = (size_t)C * H * W, L = (size_t)oh * ow;
  mxjs::parallel_range(batch, 2, 1, [&](int lo, int hi) {
    for (int b = lo; b < hi; b++) im2col_one(x + b * img, col + b * L, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, col_ld);
  });
}

MX_API void mx_col2im(const float* col, float* x, int C, int H, int W, int kh, int kw, int sh, int sw,
                      int ph, int pw, int dh, int dw, int oh, int ow, int col_ld, int batch) {
  const size_t img = (size_t)C * H * W, L = (size_t)oh * ow;
  mxjs::parallel_range(batch, 2, 1, [&](int lo, int hi) {
    for (int b = lo; b < hi; b++) col2im_one(col + b * L, x + b * img, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow, col_ld);
  });
}
