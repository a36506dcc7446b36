// mx.metric.EvalMetric and check_label_shapes (python/mxnet/metric.py, MXNet 1.9.1): local and global
// (sum_metric, num_inst) pairs, get / get_global / get_name_value, update_dict and get_config.

import { bindArgs, MXNetError, pop, shapeStr, type Kwargs } from '../base.js';
import { pyFloatRepr } from '../logging.js';
import { NDArray } from '../ndarray/ndarray.js';

/** `(name, value)`; composite metrics return `([names…], [values…])`. */
export type MetricResult = [string, number] | [string[], number[]];
export type NamedArrays = Record<string, NDArray> | Map<string, NDArray>;

type Sized = { readonly length: number } | NDArray;

function sizeOf(x: Sized): number {
  return x instanceof NDArray ? (x.shape[0] ?? 0) : x.length;
}

/**
 * check_label_shapes(labels, preds, wrap=False, shape=False): compare lengths (or shapes) and raise
 * "Shape of labels … does not match shape of predictions …"; with wrap, bare NDArrays become lists.
 */
export function check_label_shapes(labels: Sized | readonly NDArray[], preds: Sized | readonly NDArray[],
  wrap = false, shape = false): [NDArray[], NDArray[]] {
  let l: string;
  let p: string;
  if (shape) {
    const ls = (labels as NDArray).shape;
    const ps = (preds as NDArray).shape;
    l = shapeStr(ls);
    p = shapeStr(ps);
  } else {
    l = String(sizeOf(labels as Sized));
    p = String(sizeOf(preds as Sized));
  }
  if (l !== p) throw new MXNetError(`Shape of labels ${l} does not match shape of predictions ${p}`);
  const asList = (x: unknown) => (wrap && x instanceof NDArray ? [x] : x) as NDArray[];
  return [asList(labels), asList(preds)];
}

export class EvalMetric {
  name: string;
  output_names: string[] | null;
  label_names: string[] | null;
  num_inst = 0;
  sum_metric = 0;
  global_num_inst = 0;
  global_sum_metric = 0;
  /** Constructor keywords kept for get_config (Python's `self._kwargs`). */
  protected _kwargs: Kwargs;
  protected _has_global_stats: boolean;

  /** EvalMetric(name, output_names=None, label_names=None, **kwargs) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('EvalMetric', ['name', 'output_names', 'label_names'], args);
    if (kw.name === undefined || kw.name === null) throw new MXNetError('EvalMetric() missing required argument: name');
    this.name = String(pop(kw, 'name', ''));
    this.output_names = pop<string[] | null>(kw, 'output_names', null);
    this.label_names = pop<string[] | null>(kw, 'label_names', null);
    this._has_global_stats = Boolean(pop(kw, 'has_global_stats', false));
    this._kwargs = kw;
    this.reset();
  }

  /** Add one batch: lists of label and prediction arrays (on the cpu). */
  update(_labels: NDArray | readonly NDArray[], _preds: NDArray | readonly NDArray[]): void {
    throw new MXNetError(`${this.constructor.name}.update is not implemented`);
  }

  /** Update from name → array dicts, selecting by output_names / label_names (else all, in order). */
  update_dict(label: NamedArrays, pred: NamedArrays): void {
    const pick = (d: NamedArrays, names: string[] | null, what: string): NDArray[] => {
      const m = d instanceof Map ? d : new Map(Object.entries(d));
      if (names === null) return [...m.values()];
      return names.map((n) => {
        const a = m.get(n);
        if (!a) throw new MXNetError(`${this.name}: ${what} '${n}' not found; have ${[...m.keys()].join(', ')}`);
        return a;
      });
    };
    this.update(pick(label, this.label_names, 'label'), pick(pred, this.output_names, 'output'));
  }

  /** Clear the local and the global statistics. */
  reset(): void {
    this.num_inst = 0;
    this.sum_metric = 0;
    this.global_num_inst = 0;
    this.global_sum_metric = 0;
  }

  /** Clear only the local statistics (Speedometer does this between log lines). */
  reset_local(): void {
    this.num_inst = 0;
    this.sum_metric = 0;
  }

  get(): MetricResult {
    return [this.name, this.num_inst === 0 ? NaN : this.sum_metric / this.num_inst];
  }

  /** The value over everything since reset(); metrics without global stats return get(). */
  get_global(): MetricResult {
    if (!this._has_global_stats) return this.get();
    return [this.name, this.global_num_inst === 0 ? NaN : this.global_sum_metric / this.global_num_inst];
  }

  get_name_value(): [string, number][] {
    return zipResult(this.get());
  }

  get_global_name_value(): [string, number][] {
    return this._has_global_stats ? zipResult(this.get_global()) : this.get_name_value();
  }

  /** Keywords that recreate this metric with mx.metric.create(config). */
  get_config(): Kwargs {
    return {
      ...this._kwargs,
      metric: this.constructor.name,
      name: this.name,
      output_names: this.output_names,
      label_names: this.label_names,
    };
  }

  /** `EvalMetric: {'accuracy': 0.5}` */
  toString(): string {
    const items = this.get_name_value().map(([n, v]) => `'${n}': ${pyFloatRepr(v)}`);
    return `EvalMetric: {${items.join(', ')}}`;
  }
}

function zipResult([name, value]: MetricResult): [string, number][] {
  const names = Array.isArray(name) ? name : [name];
  const values = Array.isArray(value) ? value : [value];
  return names.map((n, i) => [n, values[i]!]);
}
