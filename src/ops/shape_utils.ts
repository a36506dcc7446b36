// Partial shapes during inference, MXNet legacy style: `undefined` = nothing known, and a dim of 0
// inside a shape = that dim unknown (mxnet's legacy TShape convention, also used by `__shape__` hints).

import { MXNetError } from '../base.js';
import type { MaybeShape } from './registry.js';

/** Every dim known (so the array can be allocated). */
export function isKnown(s: MaybeShape): s is number[] {
  return s !== undefined && s.every((d) => d > 0);
}

/**
 * Merge two partial shapes: unknown dims take the other's value. Returns null when they conflict
 * (different rank, or two different known dims).
 */
export function mergeShapes(a: MaybeShape, b: MaybeShape): MaybeShape | null {
  if (a === undefined) return b === undefined ? undefined : [...b];
  if (b === undefined) return [...a];
  if (a.length !== b.length) return null;
  const out: number[] = [];
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!, y = b[i]!;
    if (x > 0 && y > 0 && x !== y) return null;
    out.push(x > 0 ? x : y);
  }
  return out;
}

/**
 * The shape all of `shapes` should share (element-wise ops, loss data/output): merged left to right,
 * skipping any that conflict with what is merged so far; the caller's slots then report the conflict.
 */
export function unify(shapes: readonly MaybeShape[]): MaybeShape {
  let acc: MaybeShape;
  for (const s of shapes) acc = mergeShapes(acc, s) ?? acc;
  return acc;
}

/** inferShape of a one-input op whose output has its input's shape (either side may be the known one). */
export function sameShapeInfer(_p: unknown, [data]: readonly MaybeShape[], _name: string, outputs?: readonly MaybeShape[]) {
  const s = unify([data, outputs?.[0]]);
  return { inputs: [s], outputs: [s] };
}

/** Normalise a possibly negative axis against `ndim`; out of range is an error naming the op. */
export function normAxis(axis: number, ndim: number, where: string): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!(a >= 0 && a < ndim)) throw new MXNetError(`${where}: axis ${axis} out of range for ${ndim}-d input`);
  return a;
}
