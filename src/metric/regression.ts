// mx.metric.MAE, MSE, RMSE (python/mxnet/metric.py, 1.9.1): per (label, pred) pair the mean error over
// the batch (1-D arrays as (N, 1) columns, numpy broadcasting of a (N, 1) side), num_inst += 1 — so
// the result is the mean of per-batch values (for RMSE, the mean of per-batch RMSEs).

import { bindArgs, checkKwargs, MXNetError, pop, prod, sameShape, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { check_label_shapes, EvalMetric } from './eval_metric.js';
import { toHost } from './host.js';
import { register } from './registry.js';

/** (rows, cols) of an array viewed the way the metric reshapes it: 1-D → (N, 1). */
function asMatrix(a: NDArray): [number, number] {
  return a.ndim === 1 ? [a.shape[0]!, 1] : [a.shape[0]!, prod(a.shape.slice(1))];
}

/** Mean over the broadcast (label − pred) of f(difference). */
function meanError(label: NDArray, pred: NDArray, f: (d: number) => number): number {
  const [lr, lc] = asMatrix(label);
  const [pr, pc] = asMatrix(pred);
  // numpy broadcasting, limited to what these metrics meet: matrices, or identical N-D shapes.
  const bdim = (a: number, b: number) => (a === b ? a : a === 1 ? b : b === 1 ? a : -1);
  const rows = bdim(lr, pr);
  const cols = bdim(lc, pc);
  const nd = label.ndim > 2 || pred.ndim > 2;
  if (rows < 0 || cols < 0 || (nd && !sameShape(label.shape, pred.shape))) {
    throw new MXNetError(`regression metric: label ${shapeStr(label.shape)} and prediction ${shapeStr(pred.shape)} do not broadcast`);
  }
  const l = toHost(label, 'label');
  const p = toHost(pred, 'prediction');
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const lv = l[(lr === 1 ? 0 : r) * lc + (lc === 1 ? 0 : c)]!;
      const pv = p[(pr === 1 ? 0 : r) * pc + (pc === 1 ? 0 : c)]!;
      sum += f(lv - pv);
    }
  }
  return sum / (rows * cols);
}

const ARGS = ['name', 'output_names', 'label_names'] as const;

abstract class BatchMeanMetric extends EvalMetric {
  protected constructor(fn: string, defaultName: string, args: unknown[]) {
    const kw = bindArgs(fn, ARGS, args);
    checkKwargs(fn, kw, ARGS);
    super(pop(kw, 'name', defaultName), { output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true });
  }

  protected abstract batchValue(label: NDArray, pred: NDArray): number;

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    const [ls, ps] = check_label_shapes(labels, preds, true);
    ls.forEach((label, i) => {
      const v = this.batchValue(label, ps[i]!);
      this.sum_metric += v;
      this.global_sum_metric += v;
      this.num_inst += 1;
      this.global_num_inst += 1;
    });
  }
}

export class MAE extends BatchMeanMetric {
  /** MAE(name='mae', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    super('MAE', 'mae', args);
  }
  protected batchValue(label: NDArray, pred: NDArray): number {
    return meanError(label, pred, Math.abs);
  }
}
register(MAE);

export class MSE extends BatchMeanMetric {
  /** MSE(name='mse', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    super('MSE', 'mse', args);
  }
  protected batchValue(label: NDArray, pred: NDArray): number {
    return meanError(label, pred, (d) => d * d);
  }
}
register(MSE);

export class RMSE extends BatchMeanMetric {
  /** RMSE(name='rmse', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    super('RMSE', 'rmse', args);
  }
  protected batchValue(label: NDArray, pred: NDArray): number {
    return Math.sqrt(meanError(label, pred, (d) => d * d));
  }
}
register(RMSE);
