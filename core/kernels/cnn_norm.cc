// BatchNorm (MXNet batch_norm.cc CPU path: biased batch variance, invstd kept instead of the
// variance) and cross-channel LRN (lrn-inl.h) over a [outer, C, inner] view of the data.
// Per-channel sums are accumulated in double: channels of a large batch hold many elements.
#include <math.h>

#include "../include/mxjs_cnn.h"

MX_API void mx_bn_stats(const float* x, float* mean, float* invstd, int outer, int C, int inner,
                        float eps) {
  const double m = (double)outer * inner;
  for (int c = 0; c < C; c++) {
    double s = 0;
    for (int o = 0; o < outer; o++) {
      const float* xc = x + ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) s += xc[i];
    }
    const double mu = s / m;
    double v = 0;
    for (int o = 0; o < outer; o++) {
      const float* xc = x + ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) {
        const double d = xc[i] - mu;
        v += d * d;
      }
    }
    mean[c] = (float)mu;
    invstd[c] = (float)(1.0 / sqrt(v / m + (double)eps));
  }
}

MX_API void mx_bn_apply(const float* x, float* y, const float* mean, const float* invstd,
                        const float* gamma, const float* beta, int outer, int C, int inner) {
  for (int o = 0; o < outer; o++) {
    for (int c = 0; c < C; c++) {
      // y = x*a + b with a = invstd*gamma, b = beta - mean*a.
      const float a = invstd[c] * (gamma ? gamma[c] : 1.f);
      const float b = beta[c] - mean[c] * a;
      const size_t base = ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) y[base + i] = x[base + i] * a + b;
    }
  }
}

MX_API void mx_bn_backward(const float* x, const float* dy, const float* mean, const float* invstd,
                           const float* gamma, float* dx, float* dgamma, float* dbeta, int outer,
                           int C, int inner, int batch_stats) {
  const double m = (double)outer * inner;
  for (int c = 0; c < C; c++) {
    const float mu = mean[c], is = invstd[c];
    double sdy = 0, sdyx = 0;  // sum dy, sum dy*(x - mean)
    for (int o = 0; o < outer; o++) {
      const size_t base = ((size_t)o * C + c) * inner;
      for (int i = 0; i < inner; i++) {
        sdy += dy[base + i];
        sdyx += (double)dy[base + i] * (x[base + i] - mu);
      }
    }
    if (dbeta) dbeta[c] = (float)sdy;
    if (dgamma) dgamma[c] = (float)(sdyx * is);
    if (!dx) continue;
    const float g = gamma ? gamma[c] : 1.f;
    if (batch_stats) {
      // dx = g*invstd*(dy - mean(dy) - xhat*mean(dy*xhat)), xhat = (x - mean)*invstd.
      const float k = g * is;
      const float mdy = (float)(sdy / m);
      const float c2 = (float)(sdyx / m) * is * is;
      for (int o = 0; o < outer; o++) {
        const size_t base = ((size_t)o * C + c) * inner;
        for (int i = 0; i < inner; i++) {
          dx[base + i] = k * (dy[base + i] - mdy - (x[base + i] - mu) * c2);
        }
      }
    } else {
      const float k = g * is;
      for (int o = 0; o < outer; o++) {
        const size_t base = ((size_t)o * C + c) * inner;
        for (int i = 0; i < inner; i++) dx[base + i] = dy[base + i] * k;
      }
    }
  }
}

MX_API void mx_lrn(const float* x, float* y, float* norm, int N, int C, int inner, int nsize,
                   float alpha, float beta, float knorm) {
  const int half = nsize / 2;
  const float scale = alpha / nsize;
  for (int n = 0; n < N; n++) {
    const size_t b = (size_t)n * C * inner;
    for (int c = 0; c < C; c++) {
      const int j0 = c - half < 0 ? 0 : c - half;
      const int j1 = c + half >= C ? C - 1 : c + half;
      float* nc = norm + b + (size_t)c * inner;
      for (int i = 0; i < inner; i++) nc[i] = 0.f;
      for (int j = j0; j <= j1; j++) {
        const float* xj = x + b + (size_t)j * inner;
        for (int i = 0; i < inner; i++) nc[i] += xj[i] * xj[i];
      }
      const float* xc = x + b + (size_t)c * inner;
      float* yc = y + b + (size_t)c * inner;
      for (int i = 0; i < inner; i++) {
        nc[i] = knorm + scale * nc[i];
        yc[i] = xc[i] * powf(nc[i], -beta);
      }
    }
  }
}

// dx_c = dy_c*norm_c^-beta - 2*alpha*beta/nsize * x_c * sum_{j in window(c)} dy_j*x_j*norm_j^(-beta-1)
// (the channel window is symmetric, so "c in window(j)" is "j in window(c)").
MX_API void mx_lrn_grad(const float* x, const float* norm, const float* dy, float* dx, int N, int C,
                        int inner, int nsize, float alpha, float beta) {
  const int half = nsize / 2;
  const float k = 2.f * alpha * beta / nsize;
  for (int n = 0; n < N; n++) {
    const size_t b = (size_t)n * C * inner;
    for (int c = 0; c < C; c++) {
      const int j0 = c - half < 0 ? 0 : c - half;
      const int j1 = c + half >= C ? C - 1 : c + half;
      const size_t bc = b + (size_t)c * inner;
      for (int i = 0; i < inner; i++) {
        float s = 0.f;
        for (int j = j0; j <= j1; j++) {
          const size_t q = b + (size_t)j * inner + i;
          s += dy[q] * x[q] * powf(norm[q], -beta - 1.f);
        }
        dx[bc + i] = dy[bc + i] * powf(norm[bc + i], -beta) - k * x[bc + i] * s;
      }
    }
  }
}
