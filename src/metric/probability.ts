// mx.metric.CrossEntropy ('ce'), NegativeLogLikelihood ('nll_loss') and Perplexity (python/mxnet/metric.py,
// 1.9.1): losses of the probability a prediction row gives to the labelled class.

import { bindArgs, checkKwargs, MXNetError, pop, prod, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { check_label_shapes, EvalMetric, type MetricResult } from './eval_metric.js';
import { toHost } from './host.js';
import { alias, register } from './registry.js';

const CE_ARGS = ['eps', 'name', 'output_names', 'label_names'] as const;

/** Σ −log(pred[i, int64(label_i)] + eps) over the raveled labels; num += label count. */
class PickedLogLoss extends EvalMetric {
  eps: number;

  protected constructor(fn: string, defaultName: string, args: unknown[]) {
    const kw = bindArgs(fn, CE_ARGS, args);
    checkKwargs(fn, kw, CE_ARGS);
    const eps = pop(kw, 'eps', 1e-12);
    super(pop(kw, 'name', defaultName), { eps, output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true });
    this.eps = eps;
  }

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    const [ls, ps] = check_label_shapes(labels, preds, true);
    ls.forEach((label, i) => {
      const pred = ps[i]!;
      const n = label.size;
      if (pred.shape[0] !== n || pred.ndim < 2) {
        throw new MXNetError(`${this.constructor.name}: ${n} labels need a (${n}, classes) prediction, got ${shapeStr(pred.shape)}`);
      }
      const c = pred.size / n;
      const l = toHost(label, 'label');
      const p = toHost(pred, 'prediction');
      let loss = 0;
      for (let r = 0; r < n; r++) {
        const cls = Math.trunc(l[r]!);
        if (!(cls >= 0 && cls < c)) throw new MXNetError(`${this.constructor.name}: label ${l[r]} is not a class index below ${c}`);
        loss -= Math.log(p[r * c + cls]! + this.eps);
      }
      this.sum_metric += loss;
      this.global_sum_metric += loss;
      this.num_inst += n;
      this.global_num_inst += n;
    });
  }
}

export class CrossEntropy extends PickedLogLoss {
  /** CrossEntropy(eps=1e-12, name='cross-entropy', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    super('CrossEntropy', 'cross-entropy', args);
  }
}
register(CrossEntropy);
alias('ce')(CrossEntropy);

export class NegativeLogLikelihood extends PickedLogLoss {
  /** NegativeLogLikelihood(eps=1e-12, name='nll-loss', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    super('NegativeLogLikelihood', 'nll-loss', args);
  }
}
register(NegativeLogLikelihood);
alias('nll_loss')(NegativeLogLikelihood);

const PPL_ARGS = ['ignore_label', 'axis', 'name', 'output_names', 'label_names'] as const;

export class Perplexity extends EvalMetric {
  ignore_label: number | null;
  axis: number;

  /** Perplexity(ignore_label, axis=-1, name='perplexity', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Perplexity', PPL_ARGS, args);
    checkKwargs('Perplexity', kw, PPL_ARGS);
    if (!('ignore_label' in kw)) throw new MXNetError("Perplexity() missing required argument: 'ignore_label' (null for none)");
    const ignore_label = (kw.ignore_label as number | null | undefined) ?? null;
    const axis = pop(kw, 'axis', -1);
    // MXNet records only ignore_label in the config (axis is not passed to the base class).
    super(pop(kw, 'name', 'perplexity'), { ignore_label, output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true });
    this.ignore_label = ignore_label;
    this.axis = axis;
  }

  /** loss −= Σ log(max(1e-10, p)) with p = pred picked at int(label) (clipped); ignored labels count p = 1 and no instance. */
  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    const ls = (Array.isArray(labels) ? labels : [labels]) as NDArray[];
    const ps = (Array.isArray(preds) ? preds : [preds]) as NDArray[];
    if (ls.length !== ps.length) throw new MXNetError(`Perplexity: ${ls.length} labels but ${ps.length} predictions`);
    let loss = 0;
    let num = 0;
    ls.forEach((label, i) => {
      const pred = ps[i]!;
      const ax = this.axis < 0 ? this.axis + pred.ndim : this.axis;
      const c = pred.shape[ax]!;
      if (!(ax >= 0 && ax < pred.ndim) || label.size !== pred.size / c) {
        throw new MXNetError(`Perplexity: shape mismatch: ${shapeStr(label.shape)} vs. ${shapeStr(pred.shape)}`);
      }
      const inner = prod(pred.shape.slice(ax + 1));
      const l = toHost(label, 'label');
      const p = toHost(pred, 'prediction');
      for (let k = 0; k < l.length; k++) {
        const o = Math.floor(k / inner);
        const in_ = k % inner;
        const cls = Math.min(Math.max(Math.trunc(l[k]!), 0), c - 1); // pick's default 'clip' mode
        let v = p[(o * c + cls) * inner + in_]!;
        if (this.ignore_label !== null && l[k] === this.ignore_label) {
          v = 1;
          num -= 1;
        }
        loss -= Math.log(Math.max(1e-10, v));
      }
      num += l.length;
    });
    this.sum_metric += loss;
    this.global_sum_metric += loss;
    this.num_inst += num;
    this.global_num_inst += num;
  }

  override get(): MetricResult {
    return [this.name, this.num_inst === 0 ? NaN : Math.exp(this.sum_metric / this.num_inst)];
  }

  override get_global(): MetricResult {
    return [this.name, this.global_num_inst === 0 ? NaN : Math.exp(this.global_sum_metric / this.global_num_inst)];
  }
}
register(Perplexity);
