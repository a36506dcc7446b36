// Embedding (src/operator/tensor/indexing_op.cc): output = weight rows at the indices in `data`
// (cast to int and clipped into [0, input_dim − 1]); output shape data.shape + (output_dim,).
// The weight gradient is the scatter-sum of the output gradient rows; indices get no gradient.

import { MXNetError } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';

interface EmbeddingParams extends ParsedParams {
  input_dim: number;
  output_dim: number;
  dtype: string;
  sparse_grad: boolean;
}

defineOp<EmbeddingParams>({
  name: 'Embedding',
  params: {
    input_dim: { type: 'int', required: true },
    output_dim: { type: 'int', required: true },
    dtype: { type: 'string', enum: ['float16', 'float32', 'float64', 'uint8', 'int8', 'int32', 'int64', 'bfloat16'], default: 'float32' },
    sparse_grad: { type: 'bool', default: false },
  },
  inputNames: () => ['data', 'weight'],
  outputNames: () => ['output'],
  noGradInputs: () => [0],

  inferShape(p, [data], name, outputs) {
    if (p.input_dim < 1 || p.output_dim < 1) {
      throw new MXNetError(`Embedding ${name}: input_dim (${p.input_dim}) and output_dim (${p.output_dim}) must be >= 1`);
    }
    const weight = [p.input_dim, p.output_dim];
    if (data === undefined) return { inputs: [undefined, weight], outputs: [outputs?.[0]] };
    return { inputs: [[...data], weight], outputs: [[...data, p.output_dim]] };
  },

  forward(ctx, p, [idx, w], [y]) {
    ctx.backend.cnn.embedding(idx!.ref, w!.ref, y!.ref, idx!.size, p.output_dim, p.input_dim);
  },

  backward(ctx, p, [dy], [idx], _out, [didx, dw]) {
    if (dw) ctx.backend.cnn.embeddingGrad(idx!.ref, dy!.ref, dw.ref, idx!.size, p.output_dim, p.input_dim);
    if (didx) ctx.backend.fill(didx.ref, didx.size, 0);
  },
});
