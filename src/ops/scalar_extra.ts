// The remaining scalar ops of elemwise_binary_scalar_op_extended.cc: _maximum_scalar, _minimum_scalar,
// _power_scalar, _rpower_scalar (legacy `_MaximumScalar`-style aliases), and clip (matrix_op.cc:
// gradient passes where a_min <= x <= a_max, boundaries inclusive).

import { defineScalar, type ScalarGrad } from './binary_scalar.js';
import { defineOp } from './registry.js';
import { sameShapeInfer } from './shape_utils.js';
import type { ParsedParams } from './params.js';

/** dx = dy·[x CMP s]. */
const maskGrad = (cmp: 'ge' | 'le'): ScalarGrad => (ctx, dy, x, _y, s, dx) => {
  ctx.backend.scalar(cmp, x.ref, s, dx.ref, dx.size);
  ctx.backend.binary('mul', dx.ref, dy.ref, dx.ref, dx.size);
};

defineScalar('_maximum_scalar', '_MaximumScalar', 'max', maskGrad('ge'));
defineScalar('_minimum_scalar', '_MinimumScalar', 'min', maskGrad('le'));
// y = x^s: dx = dy·s·x^(s−1).
defineScalar('_power_scalar', '_PowerScalar', 'pow', (ctx, dy, x, _y, s, dx) => {
  const be = ctx.backend, n = dx.size;
  be.scalar('pow', x.ref, s - 1, dx.ref, n);
  be.scalar('mul', dx.ref, s, dx.ref, n);
  be.binary('mul', dx.ref, dy.ref, dx.ref, n);
});
// y = s^x: dx = dy·y·ln s.
defineScalar('_rpower_scalar', '_RPowerScalar', 'rpow', (ctx, dy, _x, y, s, dx) => {
  const be = ctx.backend, n = dx.size;
  be.scalar('mul', y.ref, Math.log(s), dx.ref, n);
  be.binary('mul', dx.ref, dy.ref, dx.ref, n);
});

interface ClipParams extends ParsedParams {
  a_min: number;
  a_max: number;
}

defineOp<ClipParams>({
  name: 'clip',
  params: {
    a_min: { type: 'float', required: true },
    a_max: { type: 'float', required: true },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape: sameShapeInfer,
  forward(ctx, p, [x], [y]) {
    ctx.backend.clip(x!.ref, y!.ref, x!.size, p.a_min, p.a_max);
  },
  backward(ctx, p, [dy], [x], _out, [dx]) {
    if (!dx) return;
    const be = ctx.backend, n = dx.size;
    const hi = ctx.temp([n]);
    be.scalar('ge', x!.ref, p.a_min, dx.ref, n);
    be.scalar('le', x!.ref, p.a_max, hi.ref, n);
    be.binary('mul', dx.ref, hi.ref, dx.ref, n);
    be.binary('mul', dx.ref, dy!.ref, dx.ref, n);
  },
});
