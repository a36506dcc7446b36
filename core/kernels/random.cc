// Counter-based uniform and normal sampling (mx.random.uniform / normal, initializers): stream
// positions are fixed by (key, counter) so every backend draws the same numbers.
#include <math.h>

#include "../include/mxjs.h"
#include "philox.h"

MX_API void mx_random_uniform(float* y, int n, float low, float high, uint32_t key, uint32_t counter) {
  const float range = high - low;
  philox_for_each(n, key, counter, [=](int i, float u) { y[i] = low + range * u; });
}

MX_API void mx_random_normal(float* y, int n, float mean, float std, uint32_t key, uint32_t counter) {
  // Uniforms land in y first; each pair (2j, 2j+1) is then turned into two normals in place.
  philox_for_each(n, key, counter, [=](int i, float u) { y[i] = u; });
  // An odd n needs the uniform of position n too; it lies in the last block already drawn
  // (n odd means n % 4 is 1 or 3), so the stream still advances by ceil(n / 4) counters.
  float extra = 0.f;
  if (n & 1) extra = philox_unit(philox4x32_10(counter + (uint32_t)(n >> 2), key).v[n & 3]);
  const float two_pi = 6.28318530717958647692f;
  for (int j = 0; j < n; j += 2) {
    const float u1 = y[j];
    const float u2 = j + 1 < n ? y[j + 1] : extra;
    const float r = sqrtf(-2.f * logf(1.f - u1));  // 1 - u1 is in (0, 1]: log never sees 0
    const float t = two_pi * u2;
    y[j] = mean + std * (r * cosf(t));
    if (j + 1 < n) y[j + 1] = mean + std * (r * sinf(t));
  }
}
