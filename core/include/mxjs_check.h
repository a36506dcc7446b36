// The numerics-check kernel family of the mxjs core (core/kernels/check.cc): counting NaN/Inf values
// for the NaN/Inf guard (MXJS_CHECK_NUMERICS). Mirrored by src/backends/wasm/check.ts.
#ifndef MXJS_CHECK_H_
#define MXJS_CHECK_H_

#include "mxjs.h"

// out[0] = number of elements of x[0..n) that are NaN, +Inf or -Inf (as a float; exact up to 2^24,
// and never 0 when some element is non-finite).
MX_API void mx_count_nonfinite(const float* x, int n, float* out);

#endif  // MXJS_CHECK_H_
