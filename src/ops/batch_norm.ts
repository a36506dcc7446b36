// BatchNorm (src/operator/nn/batch_norm.cc, CPU path): batch statistics in training (biased variance,
// the hidden `var` output holds invstd), moving statistics otherwise; fix_gamma writes gamma = 1 in
// forward and a zero gamma gradient; moving_mean/moving_var (aux) are updated in **backward**.

import { prod } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape, type OpContext } from './registry.js';
import { normAxis, unify } from './shape_utils.js';

interface BNParams extends ParsedParams {
  eps: number;
  momentum: number;
  fix_gamma: boolean;
  use_global_stats: boolean;
  output_mean_var: boolean;
  axis: number;
}

/** The [outer, C, inner] view around the channel axis. */
function view(p: BNParams, shape: readonly number[], where: string): [number, number, number] {
  const a = normAxis(p.axis, shape.length, where);
  return [prod(shape.slice(0, a)), shape[a]!, prod(shape.slice(a + 1))];
}

/** Batch statistics are used (and moving ones updated) only when training without use_global_stats. */
const batchStats = (ctx: OpContext, p: BNParams) => ctx.isTrain && !p.use_global_stats;

defineOp<BNParams>({
  name: 'BatchNorm',
  aliases: ['_npx_batch_norm'],
  params: {
    eps: { type: 'float', default: 1e-3 },
    momentum: { type: 'float', default: 0.9 },
    fix_gamma: { type: 'bool', default: true },
    use_global_stats: { type: 'bool', default: false },
    output_mean_var: { type: 'bool', default: false },
    axis: { type: 'int', default: 1 },
    cudnn_off: { type: 'bool', default: false },
    min_calib_range: { type: 'float', optional: true, default: null },
    max_calib_range: { type: 'float', optional: true, default: null },
  },
  inputNames: () => ['data', 'gamma', 'beta', 'moving_mean', 'moving_var'],
  numAux: () => 2,
  outputNames: () => ['output', 'mean', 'var'],
  numVisibleOutputs: (p) => (p.output_mean_var ? 3 : 1),
  inputInitAttrs: () => ({ 3: '["zero", {}]', 4: '["one", {}]' }),

  inferShape(p, inputs, name, outputs) {
    const data = unify([inputs[0], outputs?.[0]]);
    if (data === undefined) return { inputs: [...inputs], outputs: [outputs?.[0], outputs?.[1], outputs?.[2]] };
    const C = data[normAxis(p.axis, data.length, `BatchNorm ${name}`)]!;
    const vec: MaybeShape = [C];
    return { inputs: [data, vec, vec, vec, vec], outputs: [data, vec, vec] };
  },

  forward(ctx, p, [x, gamma, beta, movingMean, movingVar], [y, mean, invstd]) {
    const [outer, C, inner] = view(p, x!.shape, 'BatchNorm');
    const be = ctx.backend;
    if (batchStats(ctx, p)) {
      be.cnn.bnStats(x!.ref, mean!.ref, invstd!.ref, outer, C, inner, p.eps);
    } else {
      be.copy(mean!.ref, movingMean!.ref, C);
      be.scalar('add', movingVar!.ref, p.eps, invstd!.ref, C);
      be.unary('rsqrt', invstd!.ref, invstd!.ref, C);
    }
    if (p.fix_gamma) be.fill(gamma!.ref, C, 1);
    be.cnn.bnApply(x!.ref, y!.ref, mean!.ref, invstd!.ref, p.fix_gamma ? null : gamma!.ref, beta!.ref, outer, C, inner);
  },

  backward(ctx, p, [dy], [x, gamma, , movingMean, movingVar], [, mean, invstd], [dx, dgamma, dbeta]) {
    const [outer, C, inner] = view(p, x!.shape, 'BatchNorm');
    const be = ctx.backend;
    const train = batchStats(ctx, p);
    be.cnn.bnBackward(x!.ref, dy!.ref, mean!.ref, invstd!.ref, p.fix_gamma ? null : gamma!.ref, dx?.ref ?? null,
      dgamma?.ref ?? null, dbeta?.ref ?? null, outer, C, inner, train);
    if (dgamma && p.fix_gamma) be.fill(dgamma.ref, C, 0);
    if (train) updateMovingStats(ctx, p, mean!, invstd!, movingMean!, movingVar!, C);
  },
});

/** moving = moving·momentum + batch·(1 − momentum), with the batch variance recovered as invstd⁻² − eps. */
function updateMovingStats(ctx: OpContext, p: BNParams, mean: NDArray, invstd: NDArray, movingMean: NDArray,
  movingVar: NDArray, C: number): void {
  const be = ctx.backend;
  be.axpby(1 - p.momentum, mean.ref, p.momentum, movingMean.ref, C);
  const v = ctx.temp([C]);
  be.scalar('pow', invstd.ref, -2, v.ref, C);
  be.scalar('sub', v.ref, p.eps, v.ref, C);
  be.axpby(1 - p.momentum, v.ref, p.momentum, movingVar.ref, C);
}
