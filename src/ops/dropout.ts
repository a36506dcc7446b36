// Dropout (src/operator/nn/dropout.cc, dropout-inl.h): in training (or mode='always') out = x·mask with
// mask = [u < 1−p] / (1−p) kept as the hidden `mask` output; otherwise the identity. Backward = dy·mask.

import { MXNetError } from '../base.js';
import { reserve } from '../random.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { unify } from './shape_utils.js';

interface DropoutParams extends ParsedParams {
  p: number;
  mode: 'training' | 'always';
  axes: number[];
  cudnn_off: boolean | null;
}

defineOp<DropoutParams>({
  name: 'Dropout',
  params: {
    p: { type: 'float', default: 0.5 },
    mode: { type: 'string', enum: ['training', 'always'], default: 'training' },
    axes: { type: 'shape', default: [] },
    cudnn_off: { type: 'bool', default: false, optional: true },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output', 'mask'],
  numVisibleOutputs: () => 1,

  inferShape(p, [data], name, outputs) {
    if (p.axes.length > 0) {
      throw new MXNetError(`Dropout ${name}: axes=${JSON.stringify(p.axes)} (variational dropout) is not supported`);
    }
    if (!(p.p >= 0 && p.p <= 1)) throw new MXNetError(`Dropout ${name}: p must be in [0, 1], got ${p.p}`);
    const s = unify([data, outputs?.[0], outputs?.[1]]);
    return { inputs: [s], outputs: [s, s] };
  },

  forward(ctx, p, [x], [y, mask]) {
    const be = ctx.backend;
    const n = x!.size;
    if ((ctx.isTrain || p.mode === 'always') && p.p > 0) {
      const r = reserve(n);
      be.dropout(x!.ref, y!.ref, mask!.ref, n, 1 - p.p, r.key, r.counter);
    } else {
      // Pass-through; a mask of ones keeps backward (dy·mask) exact for this forward too.
      be.copy(y!.ref, x!.ref, n);
      be.fill(mask!.ref, n, 1);
    }
  },

  backward(ctx, _p, [dy], _in, [, mask], [dx]) {
    if (dx) ctx.backend.binary('mul', dy!.ref, mask!.ref, dx.ref, dx.size);
  },
});
