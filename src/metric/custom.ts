// mx.metric.CustomMetric and mx.metric.np (python/mxnet/metric.py): a user function of host arrays
// `feval(label, pred)` returning a value (one instance) or a `[sum, count]` pair, per label/pred pair.

import { bindArgs, checkKwargs, MXNetError, pop, type Kwargs } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { check_label_shapes, EvalMetric } from './eval_metric.js';
import { toHost, type HostArray } from './host.js';
import { register } from './registry.js';

export type FEval = (label: HostArray, pred: HostArray) => number | [number, number];

const ARGS = ['feval', 'name', 'allow_extra_outputs', 'output_names', 'label_names'] as const;

/** Python's `feval.__name__`, with `custom(<lambda>)` for anonymous functions. */
function nameOf(feval: FEval): string {
  const name = feval.name || '<lambda>';
  return name.includes('<') ? `custom(${name})` : name;
}

export class CustomMetric extends EvalMetric {
  private readonly _feval: FEval;
  private readonly _allow_extra_outputs: boolean;

  /** CustomMetric(feval, name=None, allow_extra_outputs=False, output_names=None, label_names=None) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('CustomMetric', ARGS, args);
    checkKwargs('CustomMetric', kw, ARGS);
    const feval = kw.feval as FEval;
    if (typeof feval !== 'function') throw new MXNetError(`CustomMetric: feval must be a function, got ${typeof feval}`);
    const allow = Boolean(pop(kw, 'allow_extra_outputs', false));
    super(pop(kw, 'name', nameOf(feval)), {
      feval, allow_extra_outputs: allow,
      output_names: kw.output_names ?? null, label_names: kw.label_names ?? null, has_global_stats: true,
    });
    this._feval = feval;
    this._allow_extra_outputs = allow;
  }

  override update(labels: NDArray | readonly NDArray[], preds: NDArray | readonly NDArray[]): void {
    let ls = (Array.isArray(labels) ? labels : [labels]) as NDArray[];
    let ps = (Array.isArray(preds) ? preds : [preds]) as NDArray[];
    if (!this._allow_extra_outputs) [ls, ps] = check_label_shapes(labels, preds, true);
    const n = Math.min(ls.length, ps.length);
    for (let i = 0; i < n; i++) {
      const r = this._feval(toHost(ls[i]!, 'label'), toHost(ps[i]!, 'prediction'));
      const [sum, num] = Array.isArray(r) ? r : [r, 1];
      this.sum_metric += sum;
      this.global_sum_metric += sum;
      this.num_inst += num;
      this.global_num_inst += num;
    }
  }

  override get_config(): Kwargs {
    throw new MXNetError('CustomMetric cannot be serialized');
  }
}
register(CustomMetric);

/** mx.metric.np(numpy_feval, name=None, allow_extra_outputs=False): a CustomMetric over host arrays. */
export function np(...args: unknown[]): CustomMetric {
  const kw = bindArgs('np', ['numpy_feval', 'name', 'allow_extra_outputs'], args);
  checkKwargs('np', kw, ['numpy_feval', 'name', 'allow_extra_outputs']);
  const f = kw.numpy_feval as FEval;
  if (typeof f !== 'function') throw new MXNetError(`np: numpy_feval must be a function, got ${typeof f}`);
  const feval: FEval = (label, pred) => f(label, pred);
  Object.defineProperty(feval, 'name', { value: f.name });
  return new CustomMetric(feval, { name: kw.name ?? null, allow_extra_outputs: kw.allow_extra_outputs ?? false });
}
