// sum (alias sum_axis) / mean (src/operator/tensor/broadcast_reduce_sum_value.cc): reduce over `axis`
// (int or tuple, negatives allowed; None = all), `exclude` inverts the set, `keepdims` keeps size-1
// axes; a full reduction gives (1,) (legacy mode has no 0-d arrays). Backward broadcasts dy back.

import { MXNetError, prod } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { contiguousStrides } from './broadcast_utils.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { normAxis } from './shape_utils.js';

interface ReduceParams extends ParsedParams {
  axis: number[] | null;
  keepdims: boolean;
  exclude: boolean;
}

/** Which axes of an ndim-d input are reduced. */
function reducedAxes(p: ReduceParams, ndim: number, where: string): boolean[] {
  // MXNet: no axis (None or ()) reduces everything, whatever `exclude` says.
  if (p.axis === null || p.axis.length === 0) return Array<boolean>(ndim).fill(true);
  const listed = Array<boolean>(ndim).fill(false);
  for (const a of p.axis) {
    const k = normAxis(a, ndim, where);
    if (listed[k]) throw new MXNetError(`${where}: axis ${a} is listed twice in ${JSON.stringify(p.axis)}`);
    listed[k] = true;
  }
  return p.exclude ? listed.map((v) => !v) : listed;
}

function outShape(p: ReduceParams, shape: readonly number[], red: readonly boolean[]): number[] {
  if (p.keepdims) return shape.map((d, i) => (red[i] ? 1 : d));
  const kept = shape.filter((_, i) => !red[i]);
  return kept.length ? kept : [1];
}

/** Strides into the reduced (keepdims-shaped) array for every axis of the input: 0 on reduced axes. */
function reducedStrides(shape: readonly number[], red: readonly boolean[]): number[] {
  const kd = contiguousStrides(shape.map((d, i) => (red[i] ? 1 : d)));
  return kd.map((s, i) => (red[i] ? 0 : s));
}

function defineReduce(name: string, aliases: string[], mean: boolean): void {
  const count = (x: NDArray, red: boolean[]) => prod(x.shape.filter((_, i) => red[i]));
  defineOp<ReduceParams>({
    name,
    aliases,
    params: {
      axis: { type: 'shape', optional: true, default: null },
      keepdims: { type: 'bool', default: false },
      exclude: { type: 'bool', default: false },
    },
    inputNames: () => ['data'],
    outputNames: () => ['output'],
    inferShape(p, [data], nodeName, outputs) {
      if (data === undefined) return { inputs: [undefined], outputs: [outputs?.[0]] };
      const red = reducedAxes(p, data.length, `${name} ${nodeName}`);
      return { inputs: [[...data]], outputs: [outShape(p, data, red)] };
    },
    forward(ctx, p, [x], [y]) {
      const red = reducedAxes(p, x!.ndim, name);
      const be = ctx.backend;
      be.fill(y!.ref, y!.size, 0);
      if (x!.size === 0) return;
      be.cnn.stridedCopy(y!.ref, reducedStrides(x!.shape, red), x!.ref, contiguousStrides(x!.shape), x!.shape, true);
      if (mean) be.scalar('div', y!.ref, count(x!, red), y!.ref, y!.size);
    },
    backward(ctx, p, [dy], [x], _out, [dx]) {
      if (!dx || x!.size === 0) return;
      const red = reducedAxes(p, x!.ndim, name);
      const be = ctx.backend;
      be.cnn.stridedCopy(dx.ref, contiguousStrides(x!.shape), dy!.ref, reducedStrides(x!.shape, red), x!.shape, false);
      if (mean) be.scalar('div', dx.ref, count(x!, red), dx.ref, dx.size);
    },
  });
}

defineReduce('sum', ['sum_axis'], false);
defineReduce('mean', [], true);
