// mx.metric.F1 and MCC (python/mxnet/metric.py, 1.9.1): binary confusion counts of argmax(pred, axis=1)
// against labels (class 1 is positive), local and global. 'macro' averages the per-update() score;
// 'micro' scores all counts together (sum = score·count, num = count).

import { bindArgs, checkKwargs, MXNetError, pop } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { check_label_shapes, EvalMetric } from './eval_metric.js';
import { toHost, toInt32 } from './host.js';
import { register } from './registry.js';

interface Counts { tp: number; fp: number; fn: number; tn: number }
const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0, tn: 0 });
const total = (c: Counts) => c.tp + c.fp + c.fn + c.tn;

function fscore(c: Counts): number {
  const precision = c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 0;
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Matthews correlation; zero factors of the denominator are left out, as MXNet does. */
function matthews(c: Counts): number {
  if (total(c) === 0) return 0;
  let denom = 1;
  for (const t of [c.tp + c.fp, c.tp + c.fn, c.tn + c.fp, c.tn + c.fn]) if (t !== 0) denom *= t;
  return (c.tp * c.tn - c.fp * c.fn) / Math.sqrt(denom);
}

const ARGS = ['name', 'output_names', 'label_names', 'average'] as const;

abstract class BinaryMetric extends EvalMetric {
  average: string;
  protected local: Counts = zero();
  protected global: Counts = zero();

  protected constructor(fn: string, defaultName: string, args: unknown[]) {
    const kw = bindArgs(fn, ARGS, args);
    checkKwargs(fn, kw, ARGS);
    const average = pop(kw, 'average', 'macro');
    if (average !== 'macro' && average !== 'micro') throw new MXNetError(`${fn}: average must be 'macro' or 'micro', got '${average}'`);
    // MXNet does not record `average` in the metric's config.
    super(pop(kw, 'name', defaultName), { output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true });
    this.average = average;
  }

  protected abstract score(c: Counts): number;

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    const [ls, ps] = check_label_shapes(labels, preds, true);
    ls.forEach((label, i) => this.count(label, ps[i]!));
    if (this.average === 'macro') {
      this.sum_metric += this.score(this.local);
      this.global_sum_metric += this.score(this.global);
      this.num_inst += 1;
      this.global_num_inst += 1;
      this.local = zero();
      this.global = zero();
    } else {
      this.sum_metric = this.score(this.local) * total(this.local);
      this.global_sum_metric = this.score(this.global) * total(this.global);
      this.num_inst = total(this.local);
      this.global_num_inst = total(this.global);
    }
  }

  private count(label: NDArray, pred: NDArray): void {
    if (pred.ndim !== 2) throw new MXNetError(`${this.constructor.name}: predictions must be (batch, 2), got ndim ${pred.ndim}`);
    const l = toHost(label, 'label');
    const p = toHost(pred, 'prediction');
    const [n, c] = pred.shape as [number, number];
    check_label_shapes(l, { length: n });
    const cls = Array.from(l, toInt32);
    if (new Set(cls).size > 2) throw new MXNetError(`${this.constructor.name} currently only supports binary classification.`);
    for (let r = 0; r < n; r++) {
      let best = 0;
      for (let j = 1; j < c; j++) if (p[r * c + j]! > p[r * c + best]!) best = j;
      const predTrue = best === 1;
      const labelTrue = cls[r] === 1;
      const key: keyof Counts = predTrue ? (labelTrue ? 'tp' : 'fp') : (labelTrue ? 'fn' : 'tn');
      this.local[key]++;
      this.global[key]++;
    }
  }

  override reset(): void {
    super.reset();
    this.local = zero();
    this.global = zero();
  }

  override reset_local(): void {
    super.reset_local();
    this.local = zero();
  }
}

export class F1 extends BinaryMetric {
  /** F1(name='f1', output_names=None, label_names=None, average='macro') */
  constructor(...args: unknown[]) {
    super('F1', 'f1', args);
  }
  protected score(c: Counts): number {
    return fscore(c);
  }
}
register(F1);

export class MCC extends BinaryMetric {
  /** MCC(name='mcc', output_names=None, label_names=None, average='macro') */
  constructor(...args: unknown[]) {
    super('MCC', 'mcc', args);
  }
  protected score(c: Counts): number {
    return matthews(c);
  }
}
register(MCC);
