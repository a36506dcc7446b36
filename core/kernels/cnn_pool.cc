// 2-D max / avg / sum pooling and their gradients over planes [P, H, W] (1-D pooling is the H = 1
// case), with MXNet pool.h's window rules: start = o*s - pad, end = min(start + k, in + pad), the
// average divisor counted before clipping to the real input unless count_include_pad is false.
#include <float.h>
#include <string.h>

#include "../include/mxjs_cnn.h"
#include "../include/parallel.h"

namespace {

struct Window {
  int y0, y1, x0, x1;
  float size;  // the average divisor
};

inline Window window(int oy, int ox, int H, int W, int kh, int kw, int sh, int sw, int ph, int pw,
                     int count_include_pad) {
  Window w;
  w.y0 = oy * sh - ph;
  w.x0 = ox * sw - pw;
  w.y1 = w.y0 + kh < H + ph ? w.y0 + kh : H + ph;
  w.x1 = w.x0 + kw < W + pw ? w.x0 + kw : W + pw;
  const int padded = (w.y1 - w.y0) * (w.x1 - w.x0);
  if (w.y0 < 0) w.y0 = 0;
  if (w.x0 < 0) w.x0 = 0;
  if (w.y1 > H) w.y1 = H;
  if (w.x1 > W) w.x1 = W;
  w.size = (float)(count_include_pad ? padded : (w.y1 - w.y0) * (w.x1 - w.x0));
  return w;
}

// 2x2 stride-2 unpadded max pooling (LeNet/VGG-style), where the generic window bookkeeping costs
// more than the four compares. Windows never overhang here (o*2 + 1 < in for every o < out).
inline bool is_max_2x2(int type, int kh, int kw, int sh, int sw, int ph, int pw) {
  return type == 0 && kh == 2 && kw == 2 && sh == 2 && sw == 2 && ph == 0 && pw == 0;
}

}  // namespace

static void pool_serial(const float* x, float* y, int P, int H, int W, int oh, int ow, int kh, int kw,
                    int sh, int sw, int ph, int pw, int type, int count_include_pad) {
  if (is_max_2x2(type, kh, kw, sh, sw, ph, pw) && 2 * oh <= H && 2 * ow <= W) {
    for (int p = 0; p < P; p++) {
      const float* xp = x + (size_t)p * H * W;
      float* yp = y + (size_t)p * oh * ow;
      for (int oy = 0; oy < oh; oy++) {
        const float* r0 = xp + (size_t)(2 * oy) * W;
        const float* r1 = r0 + W;
        for (int ox = 0; ox < ow; ox++) {
          // Same start value as the generic path (MXNet: lowest float), so NaN/-inf behave alike.
          float m = -FLT_MAX;
          m = r0[2 * ox] > m ? r0[2 * ox] : m;
          m = r0[2 * ox + 1] > m ? r0[2 * ox + 1] : m;
          m = r1[2 * ox] > m ? r1[2 * ox] : m;
          m = r1[2 * ox + 1] > m ? r1[2 * ox + 1] : m;
          yp[(size_t)oy * ow + ox] = m;
        }
      }
    }
    return;
  }
  for (int p = 0; p < P; p++) {
    const float* xp = x + (size_t)p * H * W;
    float* yp = y + (size_t)p * oh * ow;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        const Window w = window(oy, ox, H, W, kh, kw, sh, sw, ph, pw, count_include_pad);
        float acc = type == 0 ? -FLT_MAX : 0.f;
        if (type == 0) {
          for (int iy = w.y0; iy < w.y1; iy++) {
            const float* r = xp + (size_t)iy * W;
            for (int ix = w.x0; ix < w.x1; ix++) acc = r[ix] > acc ? r[ix] : acc;
          }
        } else if (type == 1) {
          // MXNet divides every element before summing.
          for (int iy = w.y0; iy < w.y1; iy++) {
            const float* r = xp + (size_t)iy * W;
            for (int ix = w.x0; ix < w.x1; ix++) acc += r[ix] / w.size;
          }
        } else {
          for (int iy = w.y0; iy < w.y1; iy++) {
            const float* r = xp + (size_t)iy * W;
            for (int ix = w.x0; ix < w.x1; ix++) acc += r[ix];
          }
        }
        yp[(size_t)oy * ow + ox] = acc;
      }
    }
  }
}

// Planes are independent: each thread pools a contiguous run of them.
MX_API void mx_pool(const float* x, float* y, int P, int H, int W, int oh, int ow, int kh, int kw,
                    int sh, int sw, int ph, int pw, int type, int count_include_pad) {
  mxjs::parallel_range(P, mxjs::kParallelElems / (H * W + 1) + 1, 1, [&](int lo, int hi) {
    pool_serial(x + (size_t)lo * H * W, y + (size_t)lo * oh * ow, hi - lo, H, W, oh, ow, kh, kw, sh, sw, ph, pw,
                type, count_include_pad);
  });
}

static void pool_grad_serial(const float* x, const float* y, const float* dy, float* dx, int P, int H,
                         int W, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw,
                         int type, int count_include_pad) {
  memset(dx, 0, sizeof(float) * P * H * W);
  if (is_max_2x2(type, kh, kw, sh, sw, ph, pw) && 2 * oh <= H && 2 * ow <= W) {
    for (int p = 0; p < P; p++) {
      const float* xp = x + (size_t)p * H * W;
      float* dxp = dx + (size_t)p * H * W;
      const size_t o = (size_t)p * oh * ow;
      for (int oy = 0; oy < oh; oy++) {
        for (int ox = 0; ox < ow; ox++) {
          const float m = y[o + (size_t)oy * ow + ox];
          const size_t a = (size_t)(2 * oy) * W + 2 * ox;
          // First maximum in row-major window order.
          const size_t at = xp[a] == m ? a : xp[a + 1] == m ? a + 1 : xp[a + W] == m ? a + W : a + W + 1;
          if (xp[at] == m) dxp[at] += dy[o + (size_t)oy * ow + ox];
        }
      }
    }
    return;
  }
  for (int p = 0; p < P; p++) {
    const float* xp = x + (size_t)p * H * W;
    float* dxp = dx + (size_t)p * H * W;
    const size_t o = (size_t)p * oh * ow;
    for (int oy = 0; oy < oh; oy++) {
      for (int ox = 0; ox < ow; ox++) {
        const Window w = window(oy, ox, H, W, kh, kw, sh, sw, ph, pw, count_include_pad);
        const float g = dy[o + (size_t)oy * ow + ox];
        if (type == 0) {
          const float m = y[o + (size_t)oy * ow + ox];
          int at = -1;
          for (int iy = w.y0; iy < w.y1 && at < 0; iy++) {
            for (int ix = w.x0; ix < w.x1; ix++) {
              if (xp[(size_t)iy * W + ix] == m) { at = iy * W + ix; break; }
            }
          }
          if (at >= 0) dxp[at] += g;
        } else {
          const float v = type == 1 ? g / w.size : g;
          for (int iy = w.y0; iy < w.y1; iy++) {
            float* r = dxp + (size_t)iy * W;
            for (int ix = w.x0; ix < w.x1; ix++) r[ix] += v;
          }
        }
      }
    }
  }
}

MX_API void mx_pool_grad(const float* x, const float* y, const float* dy, float* dx, int P, int H,
                         int W, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw,
                         int type, int count_include_pad) {
  mxjs::parallel_range(P, mxjs::kParallelElems / (H * W + 1) + 1, 1, [&](int lo, int hi) {
    const size_t in = (size_t)lo * H * W, out = (size_t)lo * oh * ow;
    pool_grad_serial(x + in, y + out, dy + out, dx + in, hi - lo, H, W, oh, ow, kh, kw, sh, sw, ph, pw, type,
                     count_include_pad);
  });
}
