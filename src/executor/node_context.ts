// The OpContext each graph node runs with: backend, train flag, and scratch arrays that are kept
// between calls (the k-th temp() of a call reuses the k-th array of the previous call), so a
// steady-state step allocates nothing.

import { sameShape } from '../base.js';
import type { Backend } from '../backends/backend.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { OpContext } from '../ops/registry.js';

export class NodeContext implements OpContext {
  isTrain = false;
  private readonly pool: NDArray[] = [];
  private next = 0;

  constructor(readonly backend: Backend, private readonly ctx: Context) {}

  /** Start one forward or backward call of the node. */
  begin(isTrain: boolean): this {
    this.isTrain = isTrain;
    this.next = 0;
    return this;
  }

  temp(shape: readonly number[]): NDArray {
    const k = this.next++;
    const have = this.pool[k];
    if (have && sameShape(have.shape, shape)) return have;
    have?.dispose();
    const fresh = NDArray._empty(shape, this.ctx);
    this.pool[k] = fresh;
    return fresh;
  }

  dispose(): void {
    for (const a of this.pool) a.dispose();
    this.pool.length = 0;
  }
}
