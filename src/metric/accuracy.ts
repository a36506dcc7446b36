// mx.metric.Accuracy (python/mxnet/metric.py, 1.9.1): when a prediction's shape differs from its
// label's, take argmax along `axis` (on the device); then compare int32-truncated values, flattened.

import { bindArgs, checkKwargs, MXNetError, pop, prod, sameShape, shapeStr } from '../base.js';
import { empty } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { check_label_shapes, EvalMetric } from './eval_metric.js';
import { toHost, toInt32 } from './host.js';
import { alias, register } from './registry.js';

const ARGS = ['axis', 'name', 'output_names', 'label_names'] as const;

export class Accuracy extends EvalMetric {
  axis: number;

  /** Accuracy(axis=1, name='accuracy', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Accuracy', ARGS, args);
    checkKwargs('Accuracy', kw, ARGS);
    const axis = pop(kw, 'axis', 1);
    super(pop(kw, 'name', 'accuracy'), {
      axis, output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true,
    });
    this.axis = axis;
  }

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    const [ls, ps] = check_label_shapes(labels, preds, true);
    ls.forEach((label, i) => {
      const pred = ps[i]!;
      const p = sameShape(pred.shape, label.shape) ? toHost(pred, 'prediction') : argmaxHost(pred, this.axis);
      const l = toHost(label, 'label');
      check_label_shapes(l, p);
      let correct = 0;
      for (let j = 0; j < l.length; j++) if (toInt32(p[j]!) === toInt32(l[j]!)) correct++;
      this.sum_metric += correct;
      this.global_sum_metric += correct;
      this.num_inst += p.length;
      this.global_num_inst += p.length;
    });
  }
}
register(Accuracy);
alias('acc')(Accuracy);

/** argmax along `axis` (first maximum) computed by the backend, read back to the host. */
function argmaxHost(pred: NDArray, axis: number): Float32Array {
  const nd = pred.ndim;
  const ax = axis < 0 ? axis + nd : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= nd) {
    throw new MXNetError(`Accuracy: axis ${axis} is out of range for prediction of shape ${shapeStr(pred.shape)}`);
  }
  const outShape = pred.shape.filter((_, i) => i !== ax);
  const out = empty(outShape, pred.context);
  try {
    pred.backend.argmaxAxis(pred.ref, out.ref, prod(pred.shape.slice(0, ax)), pred.shape[ax]!, prod(pred.shape.slice(ax + 1)));
    return toHost(out, 'prediction');
  } finally {
    out.dispose();
  }
}
