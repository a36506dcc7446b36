// Reading metric inputs back to the host: a Float32Array carrying its shape (numpy's role in
// python/mxnet/metric.py). Metrics read cpu arrays; the training loop copies GPU outputs first.

import { MXNetError, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';

/** A host copy of an NDArray: row-major values plus `shape` (what a CustomMetric's feval receives). */
export type HostArray = Float32Array & { readonly shape: readonly number[] };

export function toHost(a: NDArray, what: string): HostArray {
  if (!a.context.isCpu) {
    throw new MXNetError(`metric: ${what} ${shapeStr(a.shape)} is on ${a.context}; metrics read cpu arrays (copy it with as_in_context(mx.cpu()) first)`);
  }
  // slice(): an owned copy, so a feval may keep it after device memory changes.
  return Object.assign(a._dataSync().slice(), { shape: [...a.shape] as readonly number[] });
}

/** numpy's astype('int32') of a float: truncation toward zero; NaN and out-of-range give INT32_MIN. */
export function toInt32(x: number): number {
  return x >= -2147483648 && x < 2147483648 ? Math.trunc(x) : -2147483648;
}
