// Scalar arithmetic `_plus_scalar`, `_minus_scalar`, `_rminus_scalar`, `_mul_scalar`, `_div_scalar`,
// `_rdiv_scalar` (src/operator/tensor/elemwise_binary_scalar_op_basic.cc) with the legacy `_PlusScalar`
// aliases; params scalar (double, default 1) and is_int (default True, only affects numpy-mode dtypes).

import type { ScalarOp } from '../backends/backend.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type OpContext } from './registry.js';
import { sameShapeInfer } from './shape_utils.js';

interface ScalarParams extends ParsedParams {
  scalar: number;
  is_int: boolean;
}

/** Writes dx from dy, the input x, the output y and the scalar s. */
export type ScalarGrad = (ctx: OpContext, dy: NDArray, x: NDArray, y: NDArray, s: number, dx: NDArray) => void;

export function defineScalar(name: string, alias: string, op: ScalarOp, grad: ScalarGrad): void {
  defineOp<ScalarParams>({
    name,
    aliases: [alias],
    params: {
      scalar: { type: 'float', default: 1 },
      is_int: { type: 'bool', default: true },
    },
    inputNames: () => ['data'],
    outputNames: () => ['output'],
    inferShape: sameShapeInfer,
    forward(ctx, p, [x], [y]) {
      ctx.backend.scalar(op, x!.ref, p.scalar, y!.ref, x!.size);
    },
    backward(ctx, p, [dy], [x], [y], [dx]) {
      if (dx) grad(ctx, dy!, x!, y!, p.scalar, dx);
    },
  });
}

const passThrough: ScalarGrad = (ctx, dy, _x, _y, _s, dx) => ctx.backend.copy(dx.ref, dy.ref, dx.size);

defineScalar('_plus_scalar', '_PlusScalar', 'add', passThrough);
defineScalar('_minus_scalar', '_MinusScalar', 'sub', passThrough);
defineScalar('_rminus_scalar', '_RMinusScalar', 'rsub', (ctx, dy, _x, _y, _s, dx) => {
  ctx.backend.unary('neg', dy.ref, dx.ref, dx.size);
});
defineScalar('_mul_scalar', '_MulScalar', 'mul', (ctx, dy, _x, _y, s, dx) => {
  ctx.backend.scalar('mul', dy.ref, s, dx.ref, dx.size);
});
defineScalar('_div_scalar', '_DivScalar', 'div', (ctx, dy, _x, _y, s, dx) => {
  ctx.backend.scalar('div', dy.ref, s, dx.ref, dx.size);
});
// y = s / x: dx = −dy·s/x² = −dy·y/x.
defineScalar('_rdiv_scalar', '_RDivScalar', 'rdiv', (ctx, dy, x, y, _s, dx) => {
  const be = ctx.backend;
  be.binary('mul', dy.ref, y.ref, dx.ref, dx.size);
  be.binary('div', dx.ref, x.ref, dx.ref, dx.size);
  be.unary('neg', dx.ref, dx.ref, dx.size);
});
