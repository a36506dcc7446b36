// softmax / log_softmax along the middle axis of [outer, C, inner] with temperature (operators.md
// §3.10), their gradients, and the SoftmaxOutput loss gradient (§3.8, MXNet's SoftmaxGrad and
// SmoothSoftmaxGrad incl. ignore_label and 'valid' normalisation).
#include <math.h>

#include "../include/mxjs.h"
#include "vmath.h"

namespace {

// Scalar exp with exactly the vector path's arithmetic, for tails.
inline float exp1(float v) { return f4_first(f4_exp(f4_splat(v))); }

// One contiguous row (inner == 1, the FullyConnected → softmax case): vector exp over C.
void softmax_row(const float* x, float* y, int C, float inv_t, bool log) {
  float mx = -INFINITY;
  for (int c = 0; c < C; c++) mx = x[c] > mx ? x[c] : mx;
  const f32x4 vmx = f4_splat(mx), vt = f4_splat(inv_t);
  f32x4 acc = f4_zero();
  int c = 0;
  for (; c + 4 <= C; c += 4) {
    const f32x4 e = f4_exp(f4_mul(f4_sub(f4_load(x + c), vmx), vt));
    if (!log) f4_store(y + c, e);
    acc = f4_add(acc, e);
  }
  if (c < C) {
    // Pad with -inf: those lanes contribute exp(-inf) = 0 to the sum.
    float t[4] = {-INFINITY, -INFINITY, -INFINITY, -INFINITY};
    for (int k = 0; c + k < C; k++) t[k] = x[c + k];
    const f32x4 e = f4_exp(f4_mul(f4_sub(f4_load(t), vmx), vt));
    f4_store(t, e);
    if (!log) for (int k = 0; c + k < C; k++) y[c + k] = t[k];
    acc = f4_add(acc, e);
  }
  const float sum = f4_hsum(acc);
  if (log) {
    const float lse = logf(sum);
    for (int k = 0; k < C; k++) y[k] = (x[k] - mx) * inv_t - lse;
  } else {
    const float inv = 1.f / sum;
    for (int k = 0; k < C; k++) y[k] *= inv;
  }
}

// Four neighbouring positions i..i+3 of an [C, inner] slab, one per lane (inner >= 4 apart).
void softmax_lanes(const float* x, float* y, int C, int inner, float inv_t, bool log) {
  f32x4 mx = f4_splat(-INFINITY);
  for (int c = 0; c < C; c++) mx = f4_pmax(f4_load(x + (size_t)c * inner), mx);
  const f32x4 vt = f4_splat(inv_t);
  f32x4 sum = f4_zero();
  for (int c = 0; c < C; c++) {
    const f32x4 e = f4_exp(f4_mul(f4_sub(f4_load(x + (size_t)c * inner), mx), vt));
    if (!log) f4_store(y + (size_t)c * inner, e);
    sum = f4_add(sum, e);
  }
  if (log) {
    float s[4];
    f4_store(s, sum);
    for (int l = 0; l < 4; l++) s[l] = logf(s[l]);
    const f32x4 lse = f4_load(s);
    for (int c = 0; c < C; c++) {
      const f32x4 v = f4_mul(f4_sub(f4_load(x + (size_t)c * inner), mx), vt);
      f4_store(y + (size_t)c * inner, f4_sub(v, lse));
    }
  } else {
    const f32x4 inv = f4_div(f4_splat(1.f), sum);
    for (int c = 0; c < C; c++) f4_store(y + (size_t)c * inner, f4_mul(f4_load(y + (size_t)c * inner), inv));
  }
}

// A single position with stride `inner` (the tail of softmax_lanes), same arithmetic per element.
void softmax_strided(const float* x, float* y, int C, int inner, float inv_t, bool log) {
  float mx = -INFINITY;
  for (int c = 0; c < C; c++) mx = x[(size_t)c * inner] > mx ? x[(size_t)c * inner] : mx;
  float sum = 0.f;
  for (int c = 0; c < C; c++) {
    const float e = exp1((x[(size_t)c * inner] - mx) * inv_t);
    if (!log) y[(size_t)c * inner] = e;
    sum += e;
  }
  if (log) {
    const float lse = logf(sum);
    for (int c = 0; c < C; c++) y[(size_t)c * inner] = (x[(size_t)c * inner] - mx) * inv_t - lse;
  } else {
    const float inv = 1.f / sum;
    for (int c = 0; c < C; c++) y[(size_t)c * inner] *= inv;
  }
}

}  // namespace

MX_API void mx_softmax(const float* x, float* y, int outer, int C, int inner, float temperature,
                       int log) {
  const float inv_t = 1.f / temperature;
  for (int o = 0; o < outer; o++) {
    const float* xo = x + (size_t)o * C * inner;
    float* yo = y + (size_t)o * C * inner;
    if (inner == 1) {
      softmax_row(xo, yo, C, inv_t, log);
      continue;
    }
    int i = 0;
    for (; i + 4 <= inner; i += 4) softmax_lanes(xo + i, yo + i, C, inner, inv_t, log);
    for (; i < inner; i++) softmax_strided(xo + i, yo + i, C, inner, inv_t, log);
  }
}

MX_API void mx_softmax_grad(const float* y, const float* dy, float* dx, int outer, int C, int inner,
                            float temperature, int log) {
  const float inv_t = 1.f / temperature;
  for (int o = 0; o < outer; o++) {
    for (int i = 0; i < inner; i++) {
      const size_t base = (size_t)o * C * inner + i;
      float s = 0.f;
      if (log) {
        // d/dx log_softmax: dx = (dy - softmax * sum(dy)) / T, softmax = exp(y).
        for (int c = 0; c < C; c++) s += dy[base + (size_t)c * inner];
        for (int c = 0; c < C; c++) {
          const size_t k = base + (size_t)c * inner;
          dx[k] = (dy[k] - expf(y[k]) * s) * inv_t;
        }
      } else {
        // d/dx softmax: dx = y * (dy - sum(dy * y)) / T.
        for (int c = 0; c < C; c++) s += dy[base + (size_t)c * inner] * y[base + (size_t)c * inner];
        for (int c = 0; c < C; c++) {
          const size_t k = base + (size_t)c * inner;
          dx[k] = y[k] * (dy[k] - s) * inv_t;
        }
      }
    }
  }
}

MX_API void mx_softmax_output_grad(const float* p, const float* label, float* dx, int outer, int C,
                                   int inner, float scale, float ignore_label, int use_ignore,
                                   float smooth_alpha, int normalize_valid) {
  const int ignore = (int)ignore_label;
  float factor = scale;
  if (normalize_valid) {
    // 'valid' counts labels != ignore_label whether or not use_ignore is set (MXNet does the same).
    int valid = 0;
    for (int k = 0; k < outer * inner; k++) valid += (int)label[k] != ignore;
    factor = scale / (float)(valid > 1 ? valid : 1);
  }
  const bool smooth = smooth_alpha > 0.f;
  const float off_target = smooth ? smooth_alpha / (float)(C - 1) : 0.f;
  for (int o = 0; o < outer; o++) {
    for (int i = 0; i < inner; i++) {
      const int k = (int)label[(size_t)o * inner + i];
      const size_t base = (size_t)o * C * inner + i;
      if (use_ignore && k == ignore) {
        for (int c = 0; c < C; c++) dx[base + (size_t)c * inner] = 0.f;
        continue;
      }
      // Same operation order as MXNet ((p - 1) + alpha on the true class). A label outside [0, C)
      // matches no class, so every entry gets p - off_target.
      for (int c = 0; c < C; c++) {
        const size_t j = base + (size_t)c * inner;
        const float g = c == k ? (smooth ? p[j] - 1.f + smooth_alpha : p[j] - 1.f) : p[j] - off_target;
        dx[j] = g * factor;
      }
    }
  }
}
