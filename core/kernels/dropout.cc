// Dropout forward (operators.md §3.3): mask = (u < keep) / keep with u from the Philox stream,
// y = x * mask. The mask is stored scaled (0 or 1/keep), as MXNet's mask output is.
#include "../include/mxjs.h"
#include "../include/simd.h"
#include "philox.h"

MX_API void mx_dropout(const float* x, float* y, float* mask, int n, float keep, uint32_t key,
                       uint32_t counter) {
  // Draw the uniforms into the mask first, then turn them into mask and output with a branch-free
  // vector pass (a data-dependent branch mispredicts on every other element).
  philox_for_each(n, key, counter, [=](int i, float u) { mask[i] = u; });
  const f32x4 vkeep = f4_splat(keep), vscale = f4_splat(1.f / keep);
  int i = 0;
  for (; i + 4 <= n; i += 4) {
    const f32x4 m = f4_select_gt(vkeep, f4_load(mask + i), vscale, f4_zero());
    f4_store(mask + i, m);
    f4_store(y + i, f4_mul(f4_load(x + i), m));
  }
  for (; i < n; i++) {
    const float m = mask[i] < keep ? 1.f / keep : 0.f;
    mask[i] = m;
    y[i] = x[i] * m;
  }
}
