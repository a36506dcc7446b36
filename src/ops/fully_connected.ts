// FullyConnected (src/operator/nn/fully_connected.cc): out = X·Wᵀ + b with W stored (num_hidden, K),
// X viewed as (M, K) — all leading dims flattened (flatten=True) or all but the last (flatten=False).

import { prod } from '../base.js';
import type { FusedAct } from '../backends/kernels/fusion.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { biasEpilogue } from './fused_epilogue.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape, type OpContext } from './registry.js';

interface FCParams extends ParsedParams {
  num_hidden: number;
  no_bias: boolean;
  flatten: boolean;
}

/** (M, K) view of the data for these params: rows and features per row. */
function matrixView(p: FCParams, data: readonly number[]): [number, number] {
  if (p.flatten) return [data[0] ?? 1, prod(data.slice(1))];
  return [prod(data.slice(0, -1)), data[data.length - 1] ?? 1];
}

/**
 * y = act(x·wᵀ + b): the forward pass, also called by the executor's fusions with a folded w / b or a
 * fused activation (src/executor/fusion.ts).
 */
export function fullyConnectedForward(ctx: OpContext, p: ParsedParams, x: NDArray, w: NDArray, b: NDArray | undefined,
  y: NDArray, act: FusedAct): void {
  const [M, K] = matrixView(p as FCParams, x.shape);
  const N = (p as FCParams).num_hidden;
  ctx.backend.gemm(false, true, M, N, K, 1, x.ref, K, w.ref, K, 0, y.ref, N);
  biasEpilogue(ctx, y, b, M, N, 1, act);
}

defineOp<FCParams>({
  name: 'FullyConnected',
  aliases: ['_npx_fully_connected'],
  params: {
    num_hidden: { type: 'int', required: true },
    no_bias: { type: 'bool', default: false },
    flatten: { type: 'bool', default: true },
  },
  inputNames: (p) => (p.no_bias ? ['data', 'weight'] : ['data', 'weight', 'bias']),
  outputNames: () => ['output'],

  inferShape(p, inputs, _name, outputs) {
    const [data, , bias] = inputs;
    if (data === undefined) return { inputs: [...inputs], outputs: [outputs?.[0]] };
    const [, K] = matrixView(p, data); // 0 when some feature dim is still unknown
    // A (num_hidden, 1) bias is accepted too, as in MXNet.
    const biasShape = bias !== undefined && bias.length === 2 && bias[1] === 1 ? bias : [p.num_hidden];
    // Backward inference: a known output batch dim fixes an unknown data batch dim.
    const dataShape = [...data];
    const outBatch = outputs?.[0]?.[0];
    if (dataShape[0] === 0 && outBatch && (p.flatten || data.length > 1)) dataShape[0] = outBatch;
    const outShape = p.flatten ? [dataShape[0]!, p.num_hidden] : [...dataShape.slice(0, -1), p.num_hidden];
    const ins: MaybeShape[] = [dataShape, [p.num_hidden, K]];
    if (!p.no_bias) ins.push(biasShape);
    return { inputs: ins, outputs: [outShape] };
  },

  forward(ctx, p, [x, w, b], [y]) {
    fullyConnectedForward(ctx, p, x!, w!, b, y!, 'identity');
  },

  backward(ctx, p, outGrads, inputs, _outputs, inGrads) {
    const [x, w] = inputs;
    const dy = outGrads[0]!;
    const [dx, dw, db] = inGrads;
    const [M, K] = matrixView(p, x!.shape);
    const N = p.num_hidden;
    const be = ctx.backend;
    if (dx) be.gemm(false, false, M, K, N, 1, dy.ref, N, w!.ref, K, 0, dx.ref, K); // dX = dY·W
    if (dw) be.gemm(true, false, N, K, M, 1, dy.ref, N, x!.ref, K, 0, dw.ref, K); // dW = dYᵀ·X
    if (db) be.sumAxis(dy.ref, db.ref, 1, M, N, false); // db = Σ_rows dY
  },
});
