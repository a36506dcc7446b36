// mx.metric.TopKAccuracy (python/mxnet/metric.py, 1.9.1): a sample counts when its label is among the
// top_k scores of its (batch, classes) prediction row; top_k must be > 1 (use Accuracy otherwise).

import { bindArgs, checkKwargs, MXNetError, pop, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { check_label_shapes, EvalMetric } from './eval_metric.js';
import { toHost, toInt32 } from './host.js';
import { alias, register } from './registry.js';

const ARGS = ['top_k', 'name', 'output_names', 'label_names'] as const;

export class TopKAccuracy extends EvalMetric {
  top_k: number;

  /** TopKAccuracy(top_k=1, name='top_k_accuracy', output_names=None, label_names=None); the name gets '_<k>'. */
  constructor(...args: unknown[]) {
    const kw = bindArgs('TopKAccuracy', ARGS, args);
    checkKwargs('TopKAccuracy', kw, ARGS);
    const top_k = pop(kw, 'top_k', 1);
    super(pop(kw, 'name', 'top_k_accuracy'), {
      top_k, output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true,
    });
    if (!(top_k > 1)) throw new MXNetError('Please use Accuracy if top_k is no more than 1');
    this.top_k = top_k;
    this.name += `_${top_k}`;
  }

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    const [ls, ps] = check_label_shapes(labels, preds, true);
    ls.forEach((label, i) => {
      const pred = ps[i]!;
      if (pred.ndim !== 2) {
        // MXNet compares numpy.argpartition's index array for 1-D predictions, an order numpy leaves
        // unspecified; only the (batch, classes) form has a defined meaning.
        throw new MXNetError(`TopKAccuracy: predictions must be 2-D (batch, classes), got ${shapeStr(pred.shape)}`);
      }
      const p = toHost(pred, 'prediction');
      const l = toHost(label, 'label');
      const [n, c] = pred.shape as [number, number];
      check_label_shapes(l, { length: n });
      const k = Math.min(c, this.top_k);
      let correct = 0;
      for (let r = 0; r < n; r++) {
        const cls = toInt32(l[r]!);
        if (cls < 0 || cls >= c) continue;
        // Rank of the label's score in its row; ties go to the lower class index.
        const v = p[r * c + cls]!;
        let above = 0;
        for (let j = 0; j < c; j++) {
          const x = p[r * c + j]!;
          if (x > v || (x === v && j < cls)) above++;
        }
        if (above < k) correct++;
      }
      this.sum_metric += correct;
      this.global_sum_metric += correct;
      this.num_inst += n;
      this.global_num_inst += n;
    });
  }
}
register(TopKAccuracy);
alias('top_k_accuracy', 'top_k_acc')(TopKAccuracy);
