// Data movement for the shape operators: an N-d strided copy (transpose, slice with steps, Crop,
// broadcasting reads, and reductions through zero-stride accumulating writes), NumPy-broadcast
// binary arithmetic, Embedding row lookups (indices truncated to int and clipped, as MXNet does)
// and nearest-neighbour UpSampling. Loops run over the last axis inside an odometer on the others.
#include <math.h>
#include <string.h>

#include "../include/mxjs_cnn.h"
#include "../include/parallel.h"

namespace {

constexpr int kMaxDims = 8;

// Calls f(off_0, off_1, ...) with the element offsets of the first element of every innermost row.
template <int K, typename F>
void for_rows(int ndim, const int32_t* shape, const int32_t* const* strides, F f) {
  int idx[kMaxDims] = {0};
  ptrdiff_t off[K] = {0};
  for (int d = 0; d < ndim - 1; d++) if (shape[d] == 0) return;
  for (;;) {
    f(off);
    int d = ndim - 2;
    for (; d >= 0; d--) {
      idx[d]++;
      for (int k = 0; k < K; k++) off[k] += strides[k][d];
      if (idx[d] < shape[d]) break;
      for (int k = 0; k < K; k++) off[k] -= (ptrdiff_t)strides[k][d] * shape[d];
      idx[d] = 0;
    }
    if (d < 0) return;
  }
}

inline float fmax_nan(float a, float b) { return (a != a || a > b) ? a : b; }
inline float fmin_nan(float a, float b) { return (a != a || a < b) ? a : b; }

template <typename Op>
void broadcast_rows(const float* a, const float* b, float* y, int ndim, const int32_t* shape,
                    const int32_t* as, const int32_t* bs, Op op) {
  // y is contiguous: its row pointer simply advances by one row per call.
  const int32_t* strides[2] = {as, bs};
  const int n = shape[ndim - 1];
  const int sa = as[ndim - 1], sb = bs[ndim - 1];
  float* yrow = y;
  for_rows<2>(ndim, shape, strides, [&](const ptrdiff_t* off) {
    const float* pa = a + off[0];
    const float* pb = b + off[1];
    if (sa == 1 && sb == 1) {
      for (int i = 0; i < n; i++) yrow[i] = op(pa[i], pb[i]);
    } else if (sa == 1 && sb == 0) {
      const float q = *pb;
      for (int i = 0; i < n; i++) yrow[i] = op(pa[i], q);
    } else if (sa == 0 && sb == 1) {
      const float p = *pa;
      for (int i = 0; i < n; i++) yrow[i] = op(p, pb[i]);
    } else {
      for (int i = 0; i < n; i++) yrow[i] = op(pa[(ptrdiff_t)i * sa], pb[(ptrdiff_t)i * sb]);
    }
    yrow += n;
  });
}

inline int clip_index(float v, int rows) {
  int i = (int)v;  // C++ truncation, as MXNet's static_cast<int>
  if (!(v == v)) i = 0;
  return i < 0 ? 0 : (i >= rows ? rows - 1 : i);
}

}  // namespace

static void strided_copy_serial(float* dst, const float* src, int ndim, const int32_t* shape,
                            const int32_t* dst_strides, const int32_t* src_strides, int accumulate) {
  if (ndim <= 0) {
    *dst = accumulate ? *dst + *src : *src;
    return;
  }
  const int n = shape[ndim - 1];
  if (n == 0) return;
  const int sd = dst_strides[ndim - 1], ss = src_strides[ndim - 1];
  const int32_t* strides[2] = {dst_strides, src_strides};
  for_rows<2>(ndim, shape, strides, [&](const ptrdiff_t* off) {
    float* d = dst + off[0];
    const float* s = src + off[1];
    if (accumulate) {
      if (sd == 0) {
        float acc = 0.f;
        for (int i = 0; i < n; i++) acc += s[(ptrdiff_t)i * ss];
        *d += acc;
      } else if (sd == 1 && ss == 1) {
        for (int i = 0; i < n; i++) d[i] += s[i];
      } else {
        for (int i = 0; i < n; i++) d[(ptrdiff_t)i * sd] += s[(ptrdiff_t)i * ss];
      }
    } else if (sd == 1 && ss == 1) {
      memcpy(d, s, sizeof(float) * n);
    } else if (sd == 1 && ss == 0) {
      const float v = *s;
      for (int i = 0; i < n; i++) d[i] = v;
    } else {
      for (int i = 0; i < n; i++) d[(ptrdiff_t)i * sd] = s[(ptrdiff_t)i * ss];
    }
  });
}

// Split along the axis with the largest dst stride when its slices write disjoint parts of dst (a plain
// copy whose stride on that axis steps over everything the other axes reach); accumulating or
// overlapping writes stay on one thread.
MX_API void mx_strided_copy(float* dst, const float* src, int ndim, const int32_t* shape,
                            const int32_t* dst_strides, const int32_t* src_strides, int accumulate) {
  if (ndim < 2 || ndim > kMaxDims || accumulate) {
    strided_copy_serial(dst, src, ndim, shape, dst_strides, src_strides, accumulate);
    return;
  }
  long long total = 1, extent = 1;
  int axis = 0;
  for (int d = 0; d < ndim; d++) {
    total *= shape[d];
    const long long s = dst_strides[d] < 0 ? -(long long)dst_strides[d] : dst_strides[d];
    if (shape[d] > 0) extent += s * (shape[d] - 1);
    const long long best = dst_strides[axis] < 0 ? -(long long)dst_strides[axis] : dst_strides[axis];
    if (d < ndim - 1 && s > best) axis = d;
  }
  const long long s_axis = dst_strides[axis] < 0 ? -(long long)dst_strides[axis] : dst_strides[axis];
  const long long others = extent - s_axis * (shape[axis] > 0 ? shape[axis] - 1 : 0);
  if (total < mxjs::kParallelElems || s_axis < others) {
    strided_copy_serial(dst, src, ndim, shape, dst_strides, src_strides, 0);
    return;
  }
  mxjs::parallel_range(shape[axis], 2, 1, [&](int lo, int hi) {
    int32_t sub[kMaxDims];
    for (int d = 0; d < ndim; d++) sub[d] = shape[d];
    sub[axis] = hi - lo;
    strided_copy_serial(dst + (ptrdiff_t)lo * dst_strides[axis], src + (ptrdiff_t)lo * src_strides[axis], ndim, sub,
                        dst_strides, src_strides, 0);
  });
}

MX_API void mx_broadcast_binary(int op, const float* a, const float* b, float* y, int ndim,
                                const int32_t* shape, const int32_t* a_strides,
                                const int32_t* b_strides) {
  if (ndim <= 0 || shape[ndim - 1] == 0) return;
  switch (op) {
    case MX_ADD: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, [](float p, float q) { return p + q; }); break;
    case MX_SUB: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, [](float p, float q) { return p - q; }); break;
    case MX_MUL: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, [](float p, float q) { return p * q; }); break;
    case MX_DIV: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, [](float p, float q) { return p / q; }); break;
    case MX_MAX: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, fmax_nan); break;
    case MX_MIN: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, fmin_nan); break;
    case MX_POW: broadcast_rows(a, b, y, ndim, shape, a_strides, b_strides, [](float p, float q) { return powf(p, q); }); break;
  }
}

MX_API void mx_embedding(const float* idx, const float* w, float* y, int n, int dim, int rows) {
  for (int i = 0; i < n; i++) {
    memcpy(y + (size_t)i * dim, w + (size_t)clip_index(idx[i], rows) * dim, sizeof(float) * dim);
  }
}

MX_API void mx_embedding_grad(const float* idx, const float* dy, float* dw, int n, int dim, int rows) {
  memset(dw, 0, sizeof(float) * rows * dim);
  for (int i = 0; i < n; i++) {
    float* r = dw + (size_t)clip_index(idx[i], rows) * dim;
    const float* g = dy + (size_t)i * dim;
    for (int k = 0; k < dim; k++) r[k] += g[k];
  }
}

MX_API void mx_upsample_nearest(const float* x, float* y, int N, int C, int H, int W, int scale,
                                int yC, int c_off, int accumulate) {
  const int oh = H * scale, ow = W * scale;
  for (int n = 0; n < N; n++) {
    for (int c = 0; c < C; c++) {
      const float* xp = x + ((size_t)n * C + c) * H * W;
      float* yp = y + ((size_t)n * yC + c_off + c) * oh * ow;
      for (int oy = 0; oy < oh; oy++) {
        const float* xr = xp + (size_t)(oy / scale) * W;
        float* yr = yp + (size_t)oy * ow;
        if (accumulate) {
          for (int ox = 0; ox < ow; ox++) yr[ox] += xr[ox / scale];
        } else {
          for (int ox = 0; ox < ow; ox++) yr[ox] = xr[ox / scale];
        }
      }
    }
  }
}

MX_API void mx_upsample_nearest_grad(const float* dy, float* dx, int N, int C, int H, int W,
                                     int scale, int yC, int c_off) {
  const int oh = H * scale, ow = W * scale;
  memset(dx, 0, sizeof(float) * N * C * H * W);
  for (int n = 0; n < N; n++) {
    for (int c = 0; c < C; c++) {
      float* xp = dx + ((size_t)n * C + c) * H * W;
      const float* yp = dy + ((size_t)n * yC + c_off + c) * oh * ow;
      for (int oy = 0; oy < oh; oy++) {
        float* xr = xp + (size_t)(oy / scale) * W;
        const float* yr = yp + (size_t)oy * ow;
        for (int ox = 0; ox < ow; ox++) xr[ox / scale] += yr[ox];
      }
    }
  }
}
