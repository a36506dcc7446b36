// Shared pieces of the optimizer kernels (optim_*.cc). Each kernel's loop is a template on "clip or
// not", chosen once per call, so the inner loops are branch-free and the compiler vectorises them
// (wasm SIMD under -msimd128) without changing the float32 result of any element.
#ifndef MXJS_OPTIM_COMMON_H_
#define MXJS_OPTIM_COMMON_H_

// mshadow_op::clip::Map: the upper bound is tested first; NaN passes through unchanged.
static inline float optim_clip(float x, float bound) {
  return x > bound ? bound : (x < -bound ? -bound : x);
}

// Clipping is on when the threshold is >= 0 (MXNet's kernels); a NaN threshold counts as off.
static inline bool optim_clipping(float bound) { return bound >= 0.f; }

#endif  // MXJS_OPTIM_COMMON_H_
