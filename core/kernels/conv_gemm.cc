// Convolution forward as one GEMM with implicit im2col: y[F, batch*L] = w[F, C*kh*kw] x col(x), where the
// packed GEMM (gemm_blocks.h) fills its B panels straight from the images instead of from a col matrix
// written first. The col matrix (K x batch*L floats, megabytes for a CNN batch) never goes through
// memory; the panels stay in cache. Packed values, blocking and summation order are those of
// im2col + mx_gemm, so results are identical to that path.
#include "../include/mxjs_cnn.h"
#include "../include/parallel.h"
#include "gemm_blocks.h"

namespace {

using namespace mxjs_gemm;

struct Geometry {
  const float* x;
  int C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow;
};

// dst = col(x)[p0:p0+kc, j0:j0+nc] as kc x NR slivers (dst[k*NR + c]), the layout pack_b gives: row
// p = (c*kh + i)*kw + j of col, column j = b*oh*ow + oy*ow + ox; padding and columns past nc read 0.
void pack_b_im2col(const Geometry& g, int p0, int kc, int j0, int nc, float* dst) {
  const int L = g.oh * g.ow, khw = g.kh * g.kw, plane = g.H * g.W;
  // Per col row of this panel: the kernel tap's offsets, computed once instead of once per sliver.
  int dys[KC], dxs[KC], offs[KC];
  for (int p = 0; p < kc; p++) {
    const int row = p0 + p, ch = row / khw, r = row % khw;
    dys[p] = (r / g.kw) * g.dh;
    dxs[p] = (r % g.kw) * g.dw;
    offs[p] = ch * plane + dys[p] * g.W + dxs[p];
  }
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = nc - jr < NR ? nc - jr : NR;
    float* d = dst + (size_t)jr * kc;
    const float* img[NR];
    int y0[NR], x0[NR];
    for (int c = 0; c < cols; c++) {
      const int j = j0 + jr + c, b = j / L, q = j % L;
      img[c] = g.x + (size_t)b * g.C * plane;
      y0[c] = (q / g.ow) * g.sh - g.ph;
      x0[c] = (q % g.ow) * g.sw - g.pw;
    }
    // A full sliver inside one output row of one image with unit stride reads 8 consecutive inputs.
    const bool one_run = cols == NR && g.sw == 1 && img[NR - 1] == img[0] && y0[NR - 1] == y0[0] && x0[NR - 1] == x0[0] + NR - 1;
    const float* base = img[0] + y0[0] * g.W + x0[0];
    for (int p = 0; p < kc; p++) {
      float* dp = d + (size_t)p * NR;
      if (one_run) {
        const int iy = y0[0] + dys[p], ix = x0[0] + dxs[p];
        if ((unsigned)iy < (unsigned)g.H && ix >= 0 && ix + NR <= g.W) {
          const float* src = base + offs[p];
          f4_store(dp, f4_load(src));
          f4_store(dp + 4, f4_load(src + 4));
          continue;
        }
      }
      int c = 0;
      for (; c < cols; c++) {
        const int iy = y0[c] + dys[p], ix = x0[c] + dxs[p];
        dp[c] = (unsigned)iy < (unsigned)g.H && (unsigned)ix < (unsigned)g.W ? img[c][offs[p] + y0[c] * g.W + x0[c]] : 0.f;
      }
      for (; c < NR; c++) dp[c] = 0.f;
    }
  }
}

// dst = col(x)ᵀ[p0:p0+kc, j0:j0+nc] as kc x NR slivers: row q of the panel is output position p0 + q,
// column c is col row (kernel tap) j0 + jr + c — the B operand of the weight gradient dY·colᵀ.
void pack_bt_im2col(const Geometry& g, int p0, int kc, int j0, int nc, float* dst) {
  const int L = g.oh * g.ow, khw = g.kh * g.kw, plane = g.H * g.W;
  // Per position of this panel: its image and the input coordinates of the window's corner.
  const float* img[KC];
  int y0s[KC], x0s[KC];
  for (int q = 0; q < kc; q++) {
    const int pos = p0 + q, b = pos / L, r = pos % L;
    img[q] = g.x + (size_t)b * g.C * plane;
    y0s[q] = (r / g.ow) * g.sh - g.ph;
    x0s[q] = (r % g.ow) * g.sw - g.pw;
  }
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = nc - jr < NR ? nc - jr : NR;
    float* d = dst + (size_t)jr * kc;
    int dys[NR], dxs[NR], offs[NR];
    for (int c = 0; c < cols; c++) {
      const int row = j0 + jr + c, ch = row / khw, t = row % khw;
      dys[c] = (t / g.kw) * g.dh;
      dxs[c] = (t % g.kw) * g.dw;
      offs[c] = ch * plane + dys[c] * g.W + dxs[c];
    }
    for (int q = 0; q < kc; q++) {
      float* dp = d + (size_t)q * NR;
      const float* base = img[q] + y0s[q] * g.W + x0s[q];
      int c = 0;
      for (; c < cols; c++) {
        const int iy = y0s[q] + dys[c], ix = x0s[q] + dxs[c];
        dp[c] = (unsigned)iy < (unsigned)g.H && (unsigned)ix < (unsigned)g.W ? base[offs[c]] : 0.f;
      }
      for (; c < NR; c++) dp[c] = 0.f;
    }
  }
}

// body(lo, hi) over blocks [lo, hi) of a product's N columns, in whole NR slivers: one block below
// kParallelWork multiply-adds (waking a worker would cost more), else one per thread.
template <class Body>
void parallel_columns(int N, double work, Body&& body) {
  const int threads = work < kParallelWork ? 1 : mxjs::num_threads();
  const int slivers = (N + NR - 1) / NR;
  const int parts = threads < slivers ? threads : slivers;
  mxjs::parallel_for(parts, [&](int part, int) {
    int lo, hi;
    mxjs::split_range(N, parts, part, NR, &lo, &hi);
    if (lo < hi) body(lo, hi);
  });
}

}  // namespace

// Threads take whole column blocks (groups of output positions), like mx_gemm's split by columns.
MX_API void mx_conv_gemm(const float* w, const float* x, float* y, int F, int C, int H, int W, int kh, int kw,
                         int sh, int sw, int ph, int pw, int dh, int dw, int oh, int ow, int batch) {
  const Geometry g{x, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow};
  const int K = C * kh * kw, N = batch * oh * ow;
  if (F <= 0 || N <= 0) return;
  if (K <= 0) {
    for (size_t i = 0; i < (size_t)F * N; i++) y[i] = 0.f;  // an empty sum
    return;
  }
  parallel_columns(N, (double)F * N * K, [&](int lo, int hi) {
    packed_product(
        F, hi - lo, K, 0.f, y + lo, N,
        [&](int i0, int mc, int p0, int kc, float* dst) { pack_a(false, w, K, i0, mc, p0, kc, 1.f, dst); },
        [&](int p0, int kc, int j0, int nc, float* dst) { pack_b_im2col(g, p0, kc, lo + j0, nc, dst); });
  });
}

// The weight gradient without the col matrix: dw[F, K] = beta*dw + dy[F, batch*L] · col(x)ᵀ, threads taking
// whole blocks of dw's columns (kernel taps). (For a small dw, mx_gemm on an explicit col splits the long
// product along the positions instead, which scales better; the caller chooses.)
MX_API void mx_conv_gemm_dw(const float* dy, const float* x, float* dw, int F, int C, int H, int W, int kh, int kw,
                           int sh, int sw, int ph, int pw, int dh, int dw_, int oh, int ow, int batch, float beta) {
  const Geometry g{x, C, H, W, kh, kw, sh, sw, ph, pw, dh, dw_, oh, ow};
  const int K = C * kh * kw, N = batch * oh * ow;
  if (F <= 0 || K <= 0) return;
  parallel_columns(K, (double)F * N * K, [&](int lo, int hi) {
    packed_product(
        F, hi - lo, N, beta, dw + lo, K,
        [&](int i0, int mc, int p0, int kc, float* dst) { pack_a(false, dy, N, i0, mc, p0, kc, 1.f, dst); },
        [&](int p0, int kc, int j0, int nc, float* dst) { pack_bt_im2col(g, p0, kc, lo + j0, nc, dst); });
  });
}
