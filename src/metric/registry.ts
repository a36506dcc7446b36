// The metric registry (mx.metric.register / alias): lower-cased class names plus MXNet's aliases.

import { Registry, type Ctor } from '../registry.js';
import { EvalMetric } from './eval_metric.js';

export const metricRegistry = new Registry<EvalMetric>('metric', EvalMetric);

/** mx.metric.register(klass): register under the lower-cased class name. */
export function register<C extends Ctor<EvalMetric>>(klass: C): C {
  return metricRegistry.register(klass);
}

/** mx.metric.alias(*names)(klass): register under extra names. */
export function alias(...names: string[]): <C extends Ctor<EvalMetric>>(klass: C) => C {
  return (klass) => metricRegistry.alias(klass, ...names);
}
