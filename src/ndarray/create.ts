// mx.nd creation functions: array, empty, zeros, ones, full, arange.

import { bindArgs, MXNetError, pop, prod, shapeStr } from '../base.js';
import { Context, current_context } from '../context.js';
import type { DType } from '../dtype.js';
import { _setAllocator } from '../random.js';
import { NDArray } from './ndarray.js';

type ShapeLike = number | readonly number[];

function normShape(s: ShapeLike): number[] {
  return typeof s === 'number' ? [s] : [...s];
}

export function empty(shape: ShapeLike, ctx?: Context, dtype: DType = 'float32'): NDArray {
  return NDArray._empty(normShape(shape), ctx ?? current_context(), dtype);
}
_setAllocator((shape, ctx) => empty(shape, ctx));

/** mx.nd.zeros(shape, ctx=None, dtype='float32') */
export function zeros(...args: unknown[]): NDArray {
  const kw = bindArgs('zeros', ['shape', 'ctx', 'dtype'], args);
  return full(kw.shape as ShapeLike, 0, { ctx: kw.ctx, dtype: kw.dtype });
}

/** mx.nd.ones(shape, ctx=None, dtype='float32') */
export function ones(...args: unknown[]): NDArray {
  const kw = bindArgs('ones', ['shape', 'ctx', 'dtype'], args);
  return full(kw.shape as ShapeLike, 1, { ctx: kw.ctx, dtype: kw.dtype });
}

/** mx.nd.full(shape, val, ctx=None, dtype='float32') */
export function full(...args: unknown[]): NDArray {
  const kw = bindArgs('full', ['shape', 'val', 'ctx', 'dtype'], args);
  const a = empty(kw.shape as ShapeLike, (kw.ctx as Context) ?? undefined, (kw.dtype as DType) ?? 'float32');
  a.backend.fill(a.ref, a.size, kw.val as number);
  return a;
}

/**
 * mx.nd.array(source, ctx=None, dtype='float32'): from a nested number array, a typed array with
 * `{shape}`, or another NDArray (copied).
 */
export function array(...args: unknown[]): NDArray {
  const kw = bindArgs('array', ['source_array', 'ctx', 'dtype'], args);
  const src = kw.source_array;
  const ctx = (pop(kw, 'ctx', null) as Context | null) ?? current_context();
  const dtype = pop(kw, 'dtype', 'float32' as DType);
  if (src instanceof NDArray) return src.copyto(ctx);
  let shape: number[];
  let flat: ArrayLike<number>;
  if (ArrayBuffer.isView(src)) {
    flat = src as unknown as ArrayLike<number>;
    shape = kw.shape ? normShape(kw.shape as ShapeLike) : [flat.length];
  } else if (Array.isArray(src)) {
    shape = nestedShape(src);
    flat = (src as unknown[]).flat(Infinity) as number[];
    if (kw.shape) shape = normShape(kw.shape as ShapeLike);
  } else if (typeof src === 'number') {
    shape = [1];
    flat = [src];
  } else {
    throw new MXNetError(`mx.nd.array: cannot make an array from ${Object.prototype.toString.call(src)}`);
  }
  if (prod(shape) !== flat.length) {
    throw new MXNetError(`mx.nd.array: ${flat.length} values do not fill shape ${shapeStr(shape)}`);
  }
  const a = empty(shape, ctx, dtype);
  if (flat.length > 0) a.backend.upload(a.ref, flat);
  return a;
}

function nestedShape(src: unknown[]): number[] {
  const shape: number[] = [];
  let cur: unknown = src;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  checkRagged(src, shape, 0);
  return shape;
}

function checkRagged(v: unknown, shape: number[], depth: number): void {
  if (depth === shape.length) {
    if (typeof v !== 'number') throw new MXNetError(`mx.nd.array: expected a number at depth ${depth}, got ${typeof v}`);
    return;
  }
  if (!Array.isArray(v) || v.length !== shape[depth]) {
    throw new MXNetError(`mx.nd.array: ragged nested array (expected length ${shape[depth]} at depth ${depth})`);
  }
  for (const e of v) checkRagged(e, shape, depth + 1);
}
