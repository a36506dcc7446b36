// elemwise_add / _sub / _mul / _div (src/operator/tensor/elemwise_binary_op_basic.cc): same-shape
// element-wise arithmetic on lhs and rhs, no broadcasting, with the legacy `_Plus`-style aliases.

import type { BinaryOp } from '../backends/backend.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { defineOp, type OpContext } from './registry.js';
import { unify } from './shape_utils.js';

type GradFn = (ctx: OpContext, dy: NDArray, lhs: NDArray, rhs: NDArray, out: NDArray,
  dl: NDArray | null, dr: NDArray | null) => void;

function defineElemwise(name: string, aliases: string[], op: BinaryOp, grad: GradFn): void {
  defineOp({
    name,
    aliases,
    params: {},
    inputNames: () => ['lhs', 'rhs'],
    outputNames: () => ['output'],
    inferShape(_p, [lhs, rhs], _name, outputs) {
      const s = unify([lhs, rhs, outputs?.[0]]);
      return { inputs: [s, s], outputs: [s] };
    },
    forward(ctx, _p, [a, b], [y]) {
      ctx.backend.binary(op, a!.ref, b!.ref, y!.ref, y!.size);
    },
    backward(ctx, _p, [dy], [a, b], [y], [dl, dr]) {
      grad(ctx, dy!, a!, b!, y!, dl ?? null, dr ?? null);
    },
  });
}

defineElemwise('elemwise_add', ['_add', '_plus', '_Plus'], 'add', (ctx, dy, _a, _b, _y, dl, dr) => {
  if (dl) ctx.backend.copy(dl.ref, dy.ref, dy.size);
  if (dr) ctx.backend.copy(dr.ref, dy.ref, dy.size);
});

defineElemwise('elemwise_sub', ['_sub', '_minus', '_Minus'], 'sub', (ctx, dy, _a, _b, _y, dl, dr) => {
  if (dl) ctx.backend.copy(dl.ref, dy.ref, dy.size);
  if (dr) ctx.backend.unary('neg', dy.ref, dr.ref, dy.size);
});

defineElemwise('elemwise_mul', ['_mul', '_Mul'], 'mul', (ctx, dy, a, b, _y, dl, dr) => {
  if (dl) ctx.backend.binary('mul', dy.ref, b.ref, dl.ref, dy.size);
  if (dr) ctx.backend.binary('mul', dy.ref, a.ref, dr.ref, dy.size);
});

// y = a / b: dl = dy / b, dr = −dy·a/b² = −(dy / b)·y.
defineElemwise('elemwise_div', ['_div', '_Div'], 'div', (ctx, dy, _a, b, y, dl, dr) => {
  const be = ctx.backend;
  const n = dy.size;
  if (dl) be.binary('div', dy.ref, b.ref, dl.ref, n);
  if (dr) {
    be.binary('div', dy.ref, b.ref, dr.ref, n);
    be.binary('mul', dr.ref, y.ref, dr.ref, n);
    be.unary('neg', dr.ref, dr.ref, n);
  }
});
