// The numerics-check kernel family of the Backend contract: counting NaN/Inf values on the device,
// for the NaN/Inf guard of the executor (MXJS_CHECK_NUMERICS / check_numerics).

import type { Ref } from '../backend.js';

export interface CheckKernels {
  /**
   * out[0] = how many of x[0..n) are NaN, +Inf or -Inf, as a float32 (exact up to 2^24; never 0 when
   * some element is non-finite). Writes one element; the caller reads it back when it wants to know.
   */
  countNonFinite(x: Ref, n: number, out: Ref): void;
}
