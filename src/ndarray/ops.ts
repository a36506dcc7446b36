// mx.nd functions over NDArrays (dot, reductions, element-wise math) — each one a backend kernel call.

import { bindArgs, MXNetError, prod, sameShape, shapeStr } from '../base.js';
import type { BinaryOp, UnaryOp } from '../backends/backend.js';
import { NDArray, scalarOp, unaryOp } from './ndarray.js';

/** mx.nd.dot(lhs, rhs, transpose_a=False, transpose_b=False): 2-D GEMM; N-D contracts last×first axis. */
export function dot(...args: unknown[]): NDArray {
  const kw = bindArgs('dot', ['lhs', 'rhs', 'transpose_a', 'transpose_b'], args);
  const a = kw.lhs as NDArray;
  const b = kw.rhs as NDArray;
  const ta = Boolean(kw.transpose_a);
  const tb = Boolean(kw.transpose_b);
  if ((ta || tb) && (a.ndim !== 2 || b.ndim !== 2)) throw new MXNetError('dot: transpose_a/transpose_b need 2-D arrays');
  const aRows = ta ? a.shape[1]! : prod(a.shape.slice(0, -1));
  const aCols = ta ? a.shape[0]! : a.shape[a.ndim - 1]!;
  const bRows = tb ? b.shape[1]! : b.shape[0]!;
  const bCols = tb ? b.shape[0]! : prod(b.shape.slice(1));
  if (aCols !== bRows) throw new MXNetError(`dot: shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} do not align (${aCols} vs ${bRows})`);
  const outShape = ta || tb ? [aRows, bCols] : [...a.shape.slice(0, -1), ...b.shape.slice(1)];
  const out = NDArray._empty(outShape.length ? outShape : [1], a.context, a.dtype);
  const ldb = tb ? b.shape[1]! : bCols;
  a.backend.gemm(ta, tb, aRows, bCols, aCols, 1, a.ref, a.shape[a.ndim - 1]!, b.ref, ldb, 0, out.ref, bCols);
  return out;
}

/** Split a shape around `axis` into [outer, mid, inner] for the reduction kernels. */
function around(shape: readonly number[], axis: number): [number, number, number] {
  return [prod(shape.slice(0, axis)), shape[axis]!, prod(shape.slice(axis + 1))];
}

function normAxis(axis: number, ndim: number, fn: string): number {
  const a = axis < 0 ? axis + ndim : axis;
  if (!(a >= 0 && a < ndim)) throw new MXNetError(`${fn}: axis ${axis} out of range for ${ndim}-D input`);
  return a;
}

/** mx.nd.argmax(data, axis=None, keepdims=False): indices as float32, like MXNet. */
export function argmax(...args: unknown[]): NDArray {
  const kw = bindArgs('argmax', ['data', 'axis', 'keepdims'], args);
  const x = kw.data as NDArray;
  const flat = kw.axis === undefined || kw.axis === null;
  const axis = flat ? 0 : normAxis(kw.axis as number, x.ndim, 'argmax');
  const shape = flat ? [x.size] : x.shape;
  const [o, m, i] = around(shape, axis);
  const outShape = flat ? [1] : kw.keepdims ? shape.map((d, k) => (k === axis ? 1 : d)) : shape.filter((_, k) => k !== axis);
  const out = NDArray._empty(outShape.length ? outShape : [1], x.context);
  x.backend.argmaxAxis(x.ref, out.ref, o, m, i);
  return out;
}

/** Reduce over the given axes (all when axis is None), keeping rank >= 1 as legacy MXNet does. */
function reduce(fn: string, args: unknown[], mean: boolean): NDArray {
  const kw = bindArgs(fn, ['data', 'axis', 'keepdims', 'exclude'], args);
  const x = kw.data as NDArray;
  let axes: number[] = kw.axis === undefined || kw.axis === null ? x.shape.map((_, k) => k)
    : (typeof kw.axis === 'number' ? [kw.axis] : [...(kw.axis as number[])]).map((a) => normAxis(a, x.ndim, fn));
  if (kw.exclude) axes = x.shape.map((_, k) => k).filter((k) => !axes.includes(k));
  let cur = x;
  let shape = [...x.shape];
  for (const axis of [...new Set(axes)].sort((p, q) => q - p)) {
    const [o, m, i] = around(shape, axis);
    shape = shape.map((d, k) => (k === axis ? 1 : d));
    const next = NDArray._empty(shape, x.context);
    x.backend.sumAxis(cur.ref, next.ref, o, m, i, false);
    if (cur !== x) cur.dispose();
    cur = next;
  }
  if (cur === x) cur = x.copy();
  if (mean) {
    const count = axes.length === 0 ? 1 : prod([...new Set(axes)].map((a) => x.shape[a]!));
    scalarOp(cur, 1 / count, 'mul', cur);
  }
  const kept = shape.filter((_, k) => !axes.includes(k));
  const finalShape = kw.keepdims ? shape : kept.length ? kept : [1];
  if (sameShape(finalShape, cur.shape)) return cur;
  const view = cur.reshape(finalShape);
  cur.dispose();
  return view;
}

export function sum(...args: unknown[]): NDArray {
  return reduce('sum', args, false);
}
export function mean(...args: unknown[]): NDArray {
  return reduce('mean', args, true);
}

function binary(fn: string, op: BinaryOp, args: unknown[]): NDArray {
  const kw = bindArgs(fn, ['lhs', 'rhs'], args);
  const lhs = kw.lhs as NDArray | number;
  const rhs = kw.rhs as NDArray | number;
  if (typeof lhs === 'number' && typeof rhs === 'number') throw new MXNetError(`${fn}: at least one argument must be an NDArray`);
  if (typeof lhs === 'number') {
    const r = rhs as NDArray;
    const rev = { add: 'add', mul: 'mul', max: 'max', min: 'min', sub: 'rsub', div: 'rdiv', pow: 'rpow' } as const;
    return scalarOp(r, lhs, rev[op]);
  }
  const methods = { add: 'add', sub: 'sub', mul: 'mul', div: 'div', pow: 'pow', max: 'maximum', min: 'minimum' } as const;
  return lhs[methods[op]](rhs);
}

export const add = (...a: unknown[]) => binary('add', 'add', a);
export const subtract = (...a: unknown[]) => binary('subtract', 'sub', a);
export const multiply = (...a: unknown[]) => binary('multiply', 'mul', a);
export const divide = (...a: unknown[]) => binary('divide', 'div', a);
export const power = (...a: unknown[]) => binary('power', 'pow', a);
export const maximum = (...a: unknown[]) => binary('maximum', 'max', a);
export const minimum = (...a: unknown[]) => binary('minimum', 'min', a);

function unary(fn: string, op: UnaryOp) {
  return (...args: unknown[]): NDArray => {
    const kw = bindArgs(fn, ['data', 'out'], args);
    return unaryOp(kw.data as NDArray, op, kw.out as NDArray | undefined);
  };
}

export const relu = unary('relu', 'relu');
export const sigmoid = unary('sigmoid', 'sigmoid');
export const tanh = unary('tanh', 'tanh');
export const exp = unary('exp', 'exp');
export const log = unary('log', 'log');
export const sqrt = unary('sqrt', 'sqrt');
export const rsqrt = unary('rsqrt', 'rsqrt');
export const square = unary('square', 'square');
export const abs = unary('abs', 'abs');
export const sign = unary('sign', 'sign');
export const negative = unary('negative', 'neg');
export const reciprocal = unary('reciprocal', 'reciprocal');
export const floor = unary('floor', 'floor');
export const ceil = unary('ceil', 'ceil');
export const round = unary('round', 'round');

/** mx.nd.clip(data, a_min, a_max) */
export function clip(...args: unknown[]): NDArray {
  const kw = bindArgs('clip', ['data', 'a_min', 'a_max', 'out'], args);
  const x = kw.data as NDArray;
  const y = (kw.out as NDArray | undefined) ?? NDArray._empty(x.shape, x.context, x.dtype);
  x.backend.clip(x.ref, y.ref, x.size, kw.a_min as number, kw.a_max as number);
  return y;
}
