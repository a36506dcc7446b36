// Reductions along the middle axis of an [outer, mid, inner] view: sum (MXNet sum/mean with axis,
// bias gradients) and argmax (first maximum wins, as in MXNet's argmax; NaN is never selected).
#include "../include/mxjs.h"
#include "../include/parallel.h"

static void sum_axis_serial(const float* x, float* y, int outer, int mid, int inner, int accumulate) {
  for (int o = 0; o < outer; o++) {
    float* yo = y + (size_t)o * inner;
    const float* xo = x + (size_t)o * mid * inner;
    if (!accumulate) {
      for (int i = 0; i < inner; i++) yo[i] = 0.f;
    }
    if (inner == 1) {
      // Contiguous run: four partial sums keep the loop vectorisable and add less rounding error.
      float s0 = 0.f, s1 = 0.f, s2 = 0.f, s3 = 0.f;
      int m = 0;
      for (; m + 4 <= mid; m += 4) {
        s0 += xo[m]; s1 += xo[m + 1]; s2 += xo[m + 2]; s3 += xo[m + 3];
      }
      for (; m < mid; m++) s0 += xo[m];
      yo[0] += (s0 + s1) + (s2 + s3);
      continue;
    }
    for (int m = 0; m < mid; m++) {
      const float* xm = xo + (size_t)m * inner;
      for (int i = 0; i < inner; i++) yo[i] += xm[i];
    }
  }
}

// Each output row is summed by one thread in the serial order, so results do not depend on threads.
MX_API void mx_sum_axis(const float* x, float* y, int outer, int mid, int inner, int accumulate) {
  if (outer <= 0) return;
  const long long per_row = (long long)mid * inner;
  mxjs::parallel_range(outer, (int)(mxjs::kParallelElems / (per_row + 1)) + 1, 1, [&](int lo, int hi) {
    sum_axis_serial(x + (size_t)lo * per_row, y + (size_t)lo * inner, hi - lo, mid, inner, accumulate);
  });
}

MX_API void mx_argmax_axis(const float* x, float* y, int outer, int mid, int inner) {
  for (int o = 0; o < outer; o++) {
    const float* xo = x + (size_t)o * mid * inner;
    for (int i = 0; i < inner; i++) {
      int best = 0;
      float bv = xo[i];
      for (int m = 1; m < mid; m++) {
        const float v = xo[(size_t)m * inner + i];
        if (v > bv || (bv != bv && v == v)) { best = m; bv = v; }
      }
      y[(size_t)o * inner + i] = (float)best;
    }
  }
}
