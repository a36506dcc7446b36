// LRN (src/operator/nn/lrn.cc, lrn-inl.h): cross-channel local response normalisation of 4-D data,
// norm = knorm + alpha/nsize · Σ_{window} x², out = x · norm^−beta; the hidden `tmp_norm` output keeps
// norm for the backward pass. nsize must be odd.

import { MXNetError, prod } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { unify } from './shape_utils.js';

interface LRNParams extends ParsedParams {
  alpha: number;
  beta: number;
  knorm: number;
  nsize: number;
}

defineOp<LRNParams>({
  name: 'LRN',
  params: {
    alpha: { type: 'float', default: 1e-4 },
    beta: { type: 'float', default: 0.75 },
    knorm: { type: 'float', default: 2 },
    nsize: { type: 'int', required: true },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output', 'tmp_norm'],
  numVisibleOutputs: () => 1,

  inferShape(p, [data], name, outputs) {
    const where = `LRN ${name}`;
    if (p.nsize < 1 || p.nsize % 2 === 0) throw new MXNetError(`${where}: nsize must be odd, got ${p.nsize}`);
    const s = unify([data, outputs?.[0], outputs?.[1]]);
    if (s !== undefined && s.length !== 4) throw new MXNetError(`${where}: data must be 4-D (N, C, H, W), got ${s.length}-D`);
    return { inputs: [s], outputs: [s, s] };
  },

  forward(ctx, p, [x], [y, norm]) {
    const [N, C] = x!.shape as [number, number];
    ctx.backend.cnn.lrn(x!.ref, y!.ref, norm!.ref, N, C, prod(x!.shape.slice(2)), p.nsize, p.alpha, p.beta, p.knorm);
  },

  backward(ctx, p, [dy], [x], [, norm], [dx]) {
    if (!dx) return;
    const [N, C] = x!.shape as [number, number];
    ctx.backend.cnn.lrnGrad(x!.ref, norm!.ref, dy!.ref, dx.ref, N, C, prod(x!.shape.slice(2)), p.nsize, p.alpha, p.beta);
  },
});
