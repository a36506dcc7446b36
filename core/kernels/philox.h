// Philox4x32-10 (Salmon et al., SC'11; Random123's constants), the counter-based generator behind
// every random kernel, so that the wasm and WebGPU backends produce the same streams.
#ifndef MXJS_PHILOX_H_
#define MXJS_PHILOX_H_

#include <stdint.h>

struct Philox4 { uint32_t v[4]; };

// One 128-bit block for counter (c, 0, 0, 0) and key (key, 0).
static inline Philox4 philox4x32_10(uint32_t c, uint32_t key) {
  uint32_t x0 = c, x1 = 0, x2 = 0, x3 = 0, k0 = key, k1 = 0;
  for (int r = 0; r < 10; r++) {
    const uint64_t p0 = (uint64_t)0xD2511F53u * x0;
    const uint64_t p1 = (uint64_t)0xCD9E8D57u * x2;
    const uint32_t y0 = (uint32_t)(p1 >> 32) ^ x1 ^ k0;
    const uint32_t y2 = (uint32_t)(p0 >> 32) ^ x3 ^ k1;
    x1 = (uint32_t)p1;
    x3 = (uint32_t)p0;
    x0 = y0;
    x2 = y2;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return Philox4{{x0, x1, x2, x3}};
}

// Uniform [0, 1) with 24 random bits: exactly representable in float32.
static inline float philox_unit(uint32_t u) { return (float)(u >> 8) * (1.0f / 16777216.0f); }

// Calls f(i, u_i) for the n uniforms of stream (key, counter), one Philox block per 4 elements.
template <typename F>
static inline void philox_for_each(int n, uint32_t key, uint32_t counter, F f) {
  for (int base = 0; base < n; base += 4) {
    const Philox4 b = philox4x32_10(counter + (uint32_t)(base >> 2), key);
    const int lanes = n - base < 4 ? n - base : 4;
    for (int l = 0; l < lanes; l++) f(base + l, philox_unit(b.v[l]));
  }
}

#endif  // MXJS_PHILOX_H_
