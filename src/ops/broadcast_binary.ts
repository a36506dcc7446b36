// broadcast_add / sub / mul / div / maximum / minimum / power (src/operator/tensor/
// elemwise_binary_broadcast_op_basic.cc, …_extended.cc): NumPy-style broadcasting; each input's
// gradient is computed at the output shape and summed back over the axes it was broadcast along.

import type { BinaryOp, Ref } from '../backends/backend.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { broadcastShape, broadcastStrides, contiguousStrides, reduceTo } from './broadcast_utils.js';
import { defineOp, type OpContext } from './registry.js';

/** A broadcast operand: where it lives and how to read it across the output shape. */
interface Operand {
  ref: Ref;
  strides: number[];
}

interface GradArgs {
  ctx: OpContext;
  dy: NDArray;
  a: Operand;
  b: Operand;
  y: NDArray;
  shape: number[];
}

/** Full-shape gradients for lhs and rhs (null = not needed); written into the given full-size temps. */
type GradFn = (g: GradArgs, dl: Ref | null, dr: Ref | null) => void;

const full = (x: NDArray): Operand => ({ ref: x.ref, strides: contiguousStrides(x.shape) });

function bin(g: GradArgs, op: BinaryOp, x: Operand, z: Operand, out: Ref): void {
  g.ctx.backend.cnn.broadcastBinary(op, x.ref, x.strides, z.ref, z.strides, out, g.shape);
}

/** `dst` = dy·[a OP b] where OP is the scalar comparison `cmp` applied to a − b against 0. */
function maskedDy(g: GradArgs, cmp: 'ge' | 'lt' | 'le' | 'gt', dst: Ref): void {
  const be = g.ctx.backend, n = g.dy.size;
  bin(g, 'sub', g.a, g.b, dst);
  be.scalar(cmp, dst, 0, dst, n);
  be.binary('mul', dst, g.dy.ref, dst, n);
}

const GRADS: Record<string, GradFn> = {
  add: (g, dl, dr) => {
    if (dl) g.ctx.backend.copy(dl, g.dy.ref, g.dy.size);
    if (dr) g.ctx.backend.copy(dr, g.dy.ref, g.dy.size);
  },
  sub: (g, dl, dr) => {
    if (dl) g.ctx.backend.copy(dl, g.dy.ref, g.dy.size);
    if (dr) g.ctx.backend.unary('neg', g.dy.ref, dr, g.dy.size);
  },
  mul: (g, dl, dr) => {
    if (dl) bin(g, 'mul', full(g.dy), g.b, dl);
    if (dr) bin(g, 'mul', full(g.dy), g.a, dr);
  },
  // y = a/b: dl = dy/b, dr = −(dy/b)·y.
  div: (g, dl, dr) => {
    const be = g.ctx.backend, n = g.dy.size;
    const t = dl ?? dr!;
    bin(g, 'div', full(g.dy), g.b, t);
    if (dr) {
      be.binary('mul', t, g.y.ref, dr, n);
      be.unary('neg', dr, dr, n);
    }
  },
  // MXNet: lhs gets dy where a >= b, rhs where a < b (minimum: a <= b / a > b).
  max: (g, dl, dr) => {
    if (dl) maskedDy(g, 'ge', dl);
    if (dr) maskedDy(g, 'lt', dr);
  },
  min: (g, dl, dr) => {
    if (dl) maskedDy(g, 'le', dl);
    if (dr) maskedDy(g, 'gt', dr);
  },
  // y = a^b: dl = dy·b·a^(b−1), dr = dy·y·ln a.
  pow: (g, dl, dr) => {
    const be = g.ctx.backend, n = g.dy.size;
    const dense = contiguousStrides(g.shape);
    if (dl) {
      const bFull = g.ctx.temp([n]);
      be.cnn.stridedCopy(bFull.ref, dense, g.b.ref, g.b.strides, g.shape, false);
      be.scalar('sub', bFull.ref, 1, dl, n);
      bin(g, 'pow', g.a, { ref: dl, strides: dense }, dl);
      be.binary('mul', dl, bFull.ref, dl, n);
      be.binary('mul', dl, g.dy.ref, dl, n);
    }
    if (dr) {
      be.cnn.stridedCopy(dr, dense, g.a.ref, g.a.strides, g.shape, false);
      be.unary('log', dr, dr, n);
      be.binary('mul', dr, g.y.ref, dr, n);
      be.binary('mul', dr, g.dy.ref, dr, n);
    }
  },
};

function defineBroadcast(name: string, aliases: string[], op: BinaryOp): void {
  defineOp({
    name,
    aliases,
    params: {},
    inputNames: () => ['lhs', 'rhs'],
    outputNames: () => ['output'],
    inferShape(_p, [lhs, rhs], nodeName, outputs) {
      if (lhs === undefined || rhs === undefined) return { inputs: [lhs, rhs], outputs: [outputs?.[0]] };
      return { inputs: [lhs, rhs], outputs: [broadcastShape(lhs, rhs, `${name} ${nodeName}`)] };
    },
    forward(ctx, _p, [a, b], [y]) {
      const shape = y!.shape.length ? [...y!.shape] : [1];
      ctx.backend.cnn.broadcastBinary(op, a!.ref, broadcastStrides(a!.shape, shape), b!.ref,
        broadcastStrides(b!.shape, shape), y!.ref, shape);
    },
    backward(ctx, _p, [dy], [a, b], [y], [dl, dr]) {
      const shape = y!.shape.length ? [...y!.shape] : [1];
      const n = y!.size;
      const g: GradArgs = {
        ctx, dy: dy!, y: y!, shape,
        a: { ref: a!.ref, strides: broadcastStrides(a!.shape, shape) },
        b: { ref: b!.ref, strides: broadcastStrides(b!.shape, shape) },
      };
      const tl = dl ? ctx.temp([n]) : null, tr = dr ? ctx.temp([n]) : null;
      GRADS[op]!(g, tl?.ref ?? null, tr?.ref ?? null);
      if (dl) reduceTo(ctx, tl!.ref, shape, dl.ref, a!.shape);
      if (dr) reduceTo(ctx, tr!.ref, shape, dr.ref, b!.shape);
    },
  });
}

defineBroadcast('broadcast_add', ['broadcast_plus'], 'add');
defineBroadcast('broadcast_sub', ['broadcast_minus'], 'sub');
defineBroadcast('broadcast_mul', [], 'mul');
defineBroadcast('broadcast_div', [], 'div');
defineBroadcast('broadcast_maximum', [], 'max');
defineBroadcast('broadcast_minimum', [], 'min');
defineBroadcast('broadcast_power', [], 'pow');
