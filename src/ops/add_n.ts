// add_n / ElementWiseSum (src/operator/tensor/elemwise_sum.cc): the sum of num_args same-shape inputs;
// every input's gradient is the head gradient.

import { MXNetError } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { unify } from './shape_utils.js';

interface AddNParams extends ParsedParams {
  num_args: number;
}

defineOp<AddNParams>({
  name: 'add_n',
  aliases: ['ElementWiseSum', '_sparse_ElementWiseSum'],
  variadic: true,
  params: { num_args: { type: 'int', required: true } },
  inputNames: (p) => Array.from({ length: p.num_args }, (_, i) => `arg${i}`),
  outputNames: () => ['output'],
  inferShape(p, inputs, name, outputs) {
    if (inputs.length !== p.num_args) throw new MXNetError(`add_n ${name}: num_args=${p.num_args} but ${inputs.length} inputs`);
    const s = unify([...inputs, outputs?.[0]]);
    return { inputs: inputs.map(() => s), outputs: [s] };
  },
  forward(ctx, _p, inputs, [y]) {
    const be = ctx.backend;
    const n = y!.size;
    be.copy(y!.ref, inputs[0]!.ref, n);
    for (const x of inputs.slice(1)) be.binary('add', y!.ref, x.ref, y!.ref, n);
  },
  backward(ctx, _p, [dy], _in, _out, inGrads) {
    for (const dx of inGrads) if (dx) ctx.backend.copy(dx.ref, dy!.ref, dx.size);
  },
});
