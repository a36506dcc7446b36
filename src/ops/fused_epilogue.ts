// The bias epilogue of FullyConnected / Convolution: a plain bias add, or — when the executor fuses the
// Activation that follows (src/executor/fusion.ts) — bias + activation in one pass of the fusion kernels.

import type { FusedAct } from '../backends/kernels/fusion.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { OpContext } from './registry.js';

/** y = act(y + b) over the [outer, C, inner] view of y; b undefined = no bias. */
export function biasEpilogue(ctx: OpContext, y: NDArray, b: NDArray | undefined, outer: number, C: number, inner: number,
  act: FusedAct): void {
  const be = ctx.backend;
  if (act === 'identity') {
    if (b) be.biasAdd(y.ref, b.ref, y.ref, outer, C, inner);
    return;
  }
  // The executor fuses only on backends with the fusion family.
  be.fusion!.biasAct(y.ref, b?.ref ?? null, y.ref, outer, C, inner, act);
}
