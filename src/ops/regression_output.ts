// LinearRegressionOutput / LogisticRegressionOutput / MAERegressionOutput (src/operator/regression_output.cc):
// loss layers with forward identity / sigmoid / identity and data gradient
// f(out − label)·grad_scale/num_output where num_output = label.size / label.shape[0].

import { prod } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape, type OpContext } from './registry.js';
import { unify } from './shape_utils.js';

interface RegressionParams extends ParsedParams {
  grad_scale: number;
}

/** Label shape: (N,) for (N, 1) data, else the data's shape; a given label is checked by the graph. */
function inferLabel(data: readonly number[], label: MaybeShape): MaybeShape {
  // MXNet accepts any label with the same first dim and total size.
  if (label !== undefined && label[0] === data[0] && prod(label) === prod(data)) return label;
  return data.length === 2 && data[1] === 1 ? [data[0]!] : [...data];
}

function defineRegression(name: string, forwardSigmoid: boolean, gradSign: boolean): void {
  defineOp<RegressionParams>({
    name,
    params: { grad_scale: { type: 'float', default: 1 } },
    inputNames: () => ['data', 'label'],
    outputNames: () => ['output'],
    noGradInputs: () => [1],
    ignoresHeadGrad: () => true,
    inferShape(_p, [data, label], _name, outputs) {
      const d = unify([data, outputs?.[0]]);
      if (d === undefined) return { inputs: [d, label], outputs: [d] };
      return { inputs: [d, inferLabel(d, label)], outputs: [d] };
    },
    forward(ctx, _p, [x], [y]) {
      if (forwardSigmoid) ctx.backend.unary('sigmoid', x!.ref, y!.ref, x!.size);
      else ctx.backend.copy(y!.ref, x!.ref, x!.size);
    },
    backward(ctx, p, _og, [, label], [out], [dx]) {
      if (dx) regressionGrad(ctx, p, out!, label!, dx, gradSign);
    },
  });
}

function regressionGrad(ctx: OpContext, p: RegressionParams, out: NDArray, label: NDArray, dx: NDArray, sign: boolean): void {
  const be = ctx.backend;
  const n = out.size;
  const numOutput = label.size / (label.shape[0] ?? 1);
  be.binary('sub', out.ref, label.ref, dx.ref, n);
  if (sign) be.unary('sign', dx.ref, dx.ref, n);
  be.scalar('mul', dx.ref, p.grad_scale / numOutput, dx.ref, n);
}

defineRegression('LinearRegressionOutput', false, false);
defineRegression('LogisticRegressionOutput', true, false);
defineRegression('MAERegressionOutput', false, true);
