// mx.metric.CompositeEvalMetric (python/mxnet/metric.py): several metrics updated with the same
// labels/predictions; get() flattens the children's names and values into two lists.

import { bindArgs, checkKwargs, MXNetError, pop, type Kwargs } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { create, type MetricSpec } from './create.js';
import { EvalMetric, type MetricResult, type NamedArrays } from './eval_metric.js';
import { alias, register } from './registry.js';

const ARGS = ['metrics', 'name', 'output_names', 'label_names'] as const;

export class CompositeEvalMetric extends EvalMetric {
  metrics: EvalMetric[];

  /** CompositeEvalMetric(metrics=None, name='composite', output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('CompositeEvalMetric', ARGS, args);
    checkKwargs('CompositeEvalMetric', kw, ARGS);
    // MXNet ignores `name`: a composite is always called 'composite'.
    super('composite', { output_names: kw.output_names ?? null, label_names: kw.label_names ?? null });
    this.metrics = pop<MetricSpec[]>(kw, 'metrics', []).map((m) => create(m));
  }

  /** Add a child (anything mx.metric.create accepts). */
  add(metric: MetricSpec): void {
    this.metrics.push(create(metric));
  }

  /** The child at `index` (negative counts from the end, as in Python). */
  get_metric(index: number): EvalMetric {
    const m = this.metrics[index < 0 ? this.metrics.length + index : index];
    if (!m) throw new MXNetError(`Metric index ${index} is out of range 0 and ${this.metrics.length}`);
    return m;
  }

  override update_dict(labels: NamedArrays, preds: NamedArrays): void {
    const keep = (d: NamedArrays, names: string[] | null): Map<string, NDArray> => {
      const m = d instanceof Map ? d : new Map(Object.entries(d));
      return names === null ? m : new Map([...m].filter(([k]) => names.includes(k)));
    };
    const l = keep(labels, this.label_names);
    const p = keep(preds, this.output_names);
    for (const m of this.metrics) m.update_dict(l, p);
  }

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    for (const m of this.metrics) m.update(labels, preds);
  }

  override reset(): void {
    // Called by the base constructor before `metrics` exists.
    for (const m of this.metrics ?? []) m.reset();
  }

  override reset_local(): void {
    for (const m of this.metrics ?? []) m.reset_local();
  }

  override get(): MetricResult {
    return flatten(this.metrics.map((m) => m.get()));
  }

  override get_global(): MetricResult {
    return flatten(this.metrics.map((m) => m.get_global()));
  }

  override get_config(): Kwargs {
    return { ...super.get_config(), metrics: this.metrics.map((m) => m.get_config()) };
  }
}
register(CompositeEvalMetric);
alias('composite')(CompositeEvalMetric);

function flatten(results: MetricResult[]): [string[], number[]] {
  const names: string[] = [];
  const values: number[] = [];
  for (const [n, v] of results) {
    names.push(...(Array.isArray(n) ? n : [n]));
    values.push(...(Array.isArray(v) ? v : [v]));
  }
  return [names, values];
}
