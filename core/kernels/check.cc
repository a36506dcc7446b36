// NaN/Inf counting for the numerics guard: a value is non-finite exactly when its exponent bits are
// all ones, so one integer mask-and-compare per lane classifies four floats without any float math.
#include <stdint.h>
#include <string.h>

#include "../include/mxjs_check.h"

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#endif

static const uint32_t kExpMask = 0x7f800000u;

MX_API void mx_count_nonfinite(const float* x, int n, float* out) {
  int64_t count = 0;
  int i = 0;
#if defined(__wasm_simd128__)
  const v128_t mask = wasm_i32x4_splat(static_cast<int32_t>(kExpMask));
  // Lanes that match subtract -1 from the accumulator; flushed to `count` before int32 could overflow.
  v128_t acc = wasm_i32x4_splat(0);
  int inAcc = 0;
  for (; i + 4 <= n; i += 4) {
    v128_t v = wasm_v128_load(x + i);
    acc = wasm_i32x4_sub(acc, wasm_i32x4_eq(wasm_v128_and(v, mask), mask));
    if (++inAcc == (1 << 28)) {
      count += wasm_i32x4_extract_lane(acc, 0) + wasm_i32x4_extract_lane(acc, 1) +
               wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
      acc = wasm_i32x4_splat(0);
      inAcc = 0;
    }
  }
  count += static_cast<int64_t>(wasm_i32x4_extract_lane(acc, 0)) + wasm_i32x4_extract_lane(acc, 1) +
           wasm_i32x4_extract_lane(acc, 2) + wasm_i32x4_extract_lane(acc, 3);
#endif
  for (; i < n; i++) {
    uint32_t bits;
    memcpy(&bits, x + i, sizeof bits);
    count += (bits & kExpMask) == kExpMask;
  }
  out[0] = static_cast<float>(count);
}
