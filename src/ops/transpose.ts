// transpose (src/operator/tensor/matrix_op.cc): output dim i = input dim axes[i]; empty axes reverse
// all dims; at most 6 dims. Forward and backward are strided copies with permuted strides.

import { MXNetError } from '../base.js';
import { contiguousStrides } from './broadcast_utils.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';

interface TransposeParams extends ParsedParams {
  axes: number[];
}

function permutation(p: TransposeParams, ndim: number, where: string): number[] {
  if (ndim > 6) throw new MXNetError(`${where}: at most 6 dims are supported, got ${ndim}`);
  if (p.axes.length === 0) return Array.from({ length: ndim }, (_, i) => ndim - 1 - i);
  const axes = p.axes.map((a) => (a < 0 ? a + ndim : a));
  const sorted = [...axes].sort((a, b) => a - b);
  if (axes.length !== ndim || sorted.some((a, i) => a !== i)) {
    throw new MXNetError(`${where}: axes ${JSON.stringify(p.axes)} must be a permutation of the ${ndim} input axes`);
  }
  return axes;
}

defineOp<TransposeParams>({
  name: 'transpose',
  params: { axes: { type: 'shape', default: [] } },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape(p, [data], name, outputs) {
    if (data === undefined) return { inputs: [undefined], outputs: [outputs?.[0]] };
    const perm = permutation(p, data.length, `transpose ${name}`);
    return { inputs: [[...data]], outputs: [perm.map((a) => data[a]!)] };
  },
  forward(ctx, p, [x], [y]) {
    const perm = permutation(p, x!.ndim, 'transpose');
    const xs = contiguousStrides(x!.shape);
    ctx.backend.cnn.stridedCopy(y!.ref, contiguousStrides(y!.shape), x!.ref, perm.map((a) => xs[a]!), y!.shape, false);
  },
  backward(ctx, p, [dy], [x], [y], [dx]) {
    if (!dx) return;
    const perm = permutation(p, x!.ndim, 'transpose');
    const xs = contiguousStrides(x!.shape);
    ctx.backend.cnn.stridedCopy(dx.ref, perm.map((a) => xs[a]!), dy!.ref, contiguousStrides(y!.shape), y!.shape, false);
  },
});
