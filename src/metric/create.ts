// mx.metric.create(metric, *args, **kwargs): a function → CustomMetric, a list → CompositeEvalMetric of
// the created items, an EvalMetric → itself, a name / config dict / JSON string → the registry.

import { CompositeEvalMetric } from './composite.js';
import { CustomMetric, type FEval } from './custom.js';
import type { EvalMetric } from './eval_metric.js';
import { metricRegistry } from './registry.js';

/** A name, config dict or JSON string, an EvalMetric, a feval function, or a list of these. */
export type MetricSpec = string | EvalMetric | FEval | Record<string, unknown> | readonly unknown[];

export function create(metric: MetricSpec, ...args: unknown[]): EvalMetric {
  if (typeof metric === 'function') return new CustomMetric(metric, ...args);
  if (Array.isArray(metric)) {
    const composite = new CompositeEvalMetric();
    for (const child of metric) composite.add(create(child as MetricSpec, ...args));
    return composite;
  }
  return metricRegistry.create(metric, ...args);
}
