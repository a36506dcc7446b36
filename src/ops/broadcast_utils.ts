// NumPy-style broadcasting helpers for the broadcast_* and reduction operators: shape inference,
// element strides that read a smaller array across a larger shape (0 on broadcast axes), and the
// sum of a full-shape gradient back down to an input's shape.

import { MXNetError, prod, sameShape } from '../base.js';
import type { Ref } from '../backends/backend.js';
import type { OpContext } from './registry.js';

/** Row-major element strides of a contiguous array. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i]!;
  }
  return s;
}

/** Strides reading an array of `inShape` at every index of `outShape` (right-aligned, 0 where broadcast). */
export function broadcastStrides(inShape: readonly number[], outShape: readonly number[]): number[] {
  const lead = outShape.length - inShape.length;
  const own = contiguousStrides(inShape);
  return outShape.map((d, i) => {
    const k = i - lead;
    if (k < 0) return 0;
    return inShape[k] === 1 && d !== 1 ? 0 : own[k]!;
  });
}

/** The broadcast result shape; dims of 0 are unknown and merge with anything. Throws on a mismatch. */
export function broadcastShape(a: readonly number[], b: readonly number[], where: string): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = a[a.length - n + i] ?? 1, y = b[b.length - n + i] ?? 1;
    if (x === y || y === 1) out.push(x === 1 && y === 0 ? 0 : x);
    else if (x === 1) out.push(y);
    else if (x === 0 || y === 0) out.push(x || y);
    else throw new MXNetError(`${where}: operands with shapes (${a.join(', ')}) and (${b.join(', ')}) cannot be broadcast together`);
  }
  return out;
}

/** dst (shape `inShape`) = Σ of `full` (shape `outShape`) over the axes `inShape` was broadcast along. */
export function reduceTo(ctx: OpContext, full: Ref, outShape: readonly number[], dst: Ref, inShape: readonly number[]): void {
  const be = ctx.backend;
  const n = prod(inShape);
  if (sameShape(inShape, outShape)) {
    be.copy(dst, full, n);
    return;
  }
  be.fill(dst, n, 0);
  be.cnn.stridedCopy(dst, broadcastStrides(inShape, outShape), full, contiguousStrides(outShape), outShape, true);
}
