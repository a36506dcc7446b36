// LeakyReLU (src/operator/leaky_relu.cc, leaky_relu-inl.h): leaky / prelu (learned slope per channel,
// broadcast along axis 1, `__init__` Constant 0.25) / elu / selu / gelu (exact erf) / rrelu (random
// slope per element in training, kept in the visible `mask` output; (lower+upper)/2 at inference).

import { MXNetError, prod, sameShape } from '../base.js';
import type { LeakyAct } from '../backends/kernels/cnn.js';
import { reserve } from '../random.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';
import { unify } from './shape_utils.js';

interface LeakyParams extends ParsedParams {
  act_type: LeakyAct | 'rrelu';
  slope: number;
  lower_bound: number;
  upper_bound: number;
}

/** The [outer, C, inner] view matching prelu's gamma: per channel (axis 1), per element, or one slope. */
function preluView(x: NDArray, gamma: NDArray): [number, number, number] {
  if (sameShape(gamma.shape, x.shape)) return [1, x.size, 1];
  if (gamma.size === 1) return [1, 1, x.size];
  return [x.shape[0]!, x.shape[1]!, prod(x.shape.slice(2))];
}

defineOp<LeakyParams>({
  name: 'LeakyReLU',
  aliases: ['_npx_leaky_relu'],
  params: {
    act_type: { type: 'string', enum: ['rrelu', 'leaky', 'prelu', 'elu', 'selu', 'gelu'], default: 'leaky' },
    slope: { type: 'float', default: 0.25 },
    lower_bound: { type: 'float', default: 0.125 },
    upper_bound: { type: 'float', default: 0.334 },
  },
  inputNames: (p) => (p.act_type === 'prelu' ? ['data', 'gamma'] : ['data']),
  outputNames: (p) => (p.act_type === 'rrelu' ? ['output', 'mask'] : ['output']),
  inputInitAttrs: (p): Record<number, string> => (p.act_type === 'prelu' ? { 1: '["Constant", {"value": 0.25}]' } : {}),

  inferShape(p, inputs, name, outputs) {
    const data = unify([inputs[0], outputs?.[0], outputs?.[1]]);
    const outs: MaybeShape[] = p.act_type === 'rrelu' ? [data, data] : [data];
    if (p.act_type !== 'prelu') return { inputs: [data], outputs: outs };
    let gamma = inputs[1];
    if (data !== undefined) {
      if (data.length < 2) throw new MXNetError(`LeakyReLU ${name}: prelu needs data with a channel axis (ndim >= 2), got ${data.length}-D`);
      const C = data[1]!;
      if (gamma === undefined) gamma = [C];
      const ok = sameShape(gamma, data) || prod(gamma) === 1 || (gamma.length === 1 && (gamma[0] === C || C === 0));
      if (!ok) {
        throw new MXNetError(`LeakyReLU ${name}: prelu gamma shape (${gamma.join(', ')}) must be (${C},), (1,) or the data shape (${data.join(', ')})`);
      }
    }
    return { inputs: [data, gamma], outputs: outs };
  },

  forward(ctx, p, [x, gamma], [y, mask]) {
    const be = ctx.backend, n = x!.size;
    if (p.act_type === 'prelu') {
      const [o, c, i] = preluView(x!, gamma!);
      be.cnn.leaky('prelu', x!.ref, gamma!.ref, y!.ref, o, c, i, 0);
    } else if (p.act_type === 'rrelu') {
      if (ctx.isTrain) {
        const r = reserve(n);
        be.randomUniform(mask!.ref, n, p.lower_bound, p.upper_bound, r.key, r.counter);
      } else {
        be.fill(mask!.ref, n, (p.lower_bound + p.upper_bound) / 2);
      }
      be.cnn.leaky('prelu', x!.ref, mask!.ref, y!.ref, 1, n, 1, 0);
    } else {
      be.cnn.leaky(p.act_type, x!.ref, null, y!.ref, 1, 1, n, p.slope);
    }
  },

  backward(ctx, p, [dy], [x, gamma], [y, mask], [dx, dgamma]) {
    const be = ctx.backend, n = x!.size;
    if (p.act_type === 'prelu') {
      const [o, c, i] = preluView(x!, gamma!);
      if (dx) be.cnn.leakyGrad('prelu', x!.ref, y!.ref, gamma!.ref, dy!.ref, dx.ref, o, c, i, 0);
      if (dgamma) be.cnn.preluGammaGrad(x!.ref, dy!.ref, dgamma.ref, o, c, i);
    } else if (p.act_type === 'rrelu') {
      if (dx) be.cnn.leakyGrad('prelu', x!.ref, y!.ref, mask!.ref, dy!.ref, dx.ref, 1, n, 1, 0);
    } else if (dx) {
      be.cnn.leakyGrad(p.act_type, x!.ref, y!.ref, null, dy!.ref, dx.ref, 1, 1, n, p.slope);
    }
  },
});
