// Activation (src/operator/nn/activation.cc): element-wise relu / sigmoid / tanh / softrelu / softsign,
// shape unchanged; the gradient kernels read the output (relu, sigmoid, tanh) or the input (others).

import type { UnaryGradOp } from '../backends/backend.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { sameShapeInfer } from './shape_utils.js';

interface ActivationParams extends ParsedParams {
  act_type: UnaryGradOp;
}

defineOp<ActivationParams>({
  name: 'Activation',
  params: {
    act_type: { type: 'string', required: true, enum: ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'] },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape: sameShapeInfer,
  forward(ctx, p, [x], [y]) {
    ctx.backend.unary(p.act_type, x!.ref, y!.ref, x!.size);
  },
  backward(ctx, p, [dy], [x], [y], [dx]) {
    if (dx) ctx.backend.unaryGrad(p.act_type, x!.ref, y!.ref, dy!.ref, dx.ref, x!.size);
  },
});
