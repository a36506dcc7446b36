// Flatten (src/operator/tensor/matrix_op.cc): (d0, d1, …, dk) → (d0, d1·…·dk); a 1-D input becomes (d0, 1).
// Forward and backward are plain copies (same element order).

import { prod } from '../base.js';
import { defineOp } from './registry.js';

defineOp({
  name: 'Flatten',
  aliases: ['flatten', '_npx_batch_flatten'],
  params: {},
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape(_p, [data], _name, outputs) {
    const out = outputs?.[0];
    if (data === undefined) return { inputs: [data], outputs: [out] };
    const flat = data.length === 0 ? [1, 1] : [data[0]!, prod(data.slice(1))];
    // A known output batch dim fixes an unknown data batch dim.
    const d = data[0] === 0 && out?.[0] ? [out[0], ...data.slice(1)] : data;
    if (flat[0] === 0 && out?.[0]) flat[0] = out[0];
    return { inputs: [d], outputs: [flat] };
  },
  forward(ctx, _p, [x], [y]) {
    ctx.backend.copy(y!.ref, x!.ref, x!.size);
  },
  backward(ctx, _p, [dy], _in, _out, [dx]) {
    if (dx) ctx.backend.copy(dx.ref, dy!.ref, dx.size);
  },
});
