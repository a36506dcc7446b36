// mx.metric.Loss ('loss'), Torch ('torch') and Caffe ('caffe') (python/mxnet/metric.py, 1.9.1): the mean
// of the network's own loss outputs. Labels are ignored; a bare NDArray counts as a one-item list.

import { bindArgs, checkKwargs, pop } from '../base.js';
import { empty } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';
import { EvalMetric } from './eval_metric.js';
import { toHost } from './host.js';
import { register } from './registry.js';

const ARGS = ['name', 'output_names', 'label_names'] as const;

export class Loss extends EvalMetric {
  /** Loss(name='loss', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    const fn = new.target.name;
    const kw = bindArgs(fn, ARGS, args);
    checkKwargs(fn, kw, ARGS);
    super(pop(kw, 'name', defaultName(new.target)), { output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true });
  }

  /** sum += Σ pred (summed on the device), num += pred.size. */
  override update(_labels: unknown, preds: NDArray | readonly NDArray[]): void {
    for (const pred of preds instanceof NDArray ? [preds] : preds) {
      const total = empty([1], pred.context);
      try {
        pred.backend.sumAxis(pred.ref, total.ref, 1, pred.size, 1, false);
        const loss = toHost(total, 'loss')[0]!;
        this.sum_metric += loss;
        this.global_sum_metric += loss;
        this.num_inst += pred.size;
        this.global_num_inst += pred.size;
      } finally {
        total.dispose();
      }
    }
  }
}
register(Loss);

function defaultName(klass: unknown): string {
  const proto = (klass as { prototype: object }).prototype;
  return proto instanceof Caffe || klass === Caffe ? 'caffe' : proto instanceof Torch || klass === Torch ? 'torch' : 'loss';
}

/** Dummy metric for torch criterions (same as Loss, named 'torch'). */
export class Torch extends Loss {}
register(Torch);

/** Dummy metric for caffe criterions (same as Loss, named 'caffe'). */
export class Caffe extends Loss {}
register(Caffe);
