// mx.optimizer.SGD and ccSGD (python/mxnet/optimizer/optimizer.py, 1.9.1): one fused backend kernel
// per weight with MXNet's multi_sgd(_mom)_update arithmetic — rescale, then clip, weight decay outside
// the clip: d = momentum·mom − lr·wd·w − lr·clip(rg·g); w += d; mom = d (api-semantics §7.2).

import { bindArgs, envVar, MXNetError, pop, sameShape, shapeStr } from '../base.js';
import { zeros } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';
import { checkFloat32, Optimizer, register, type Index, type OptState } from './optimizer.js';

/** MXNET_OPTIMIZER_AGGREGATION_SIZE (default 4) where an environment exists. */
function aggregationSize(): number {
  const v = Number.parseInt(envVar('MXNET_OPTIMIZER_AGGREGATION_SIZE') ?? '4', 10);
  return Number.isNaN(v) ? 4 : v;
}

export class SGD extends Optimizer {
  momentum: number;
  lazy_update: boolean;

  /** SGD(momentum=0.0, lazy_update=True, **base optimizer keywords) */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name, ['momentum', 'lazy_update'], args);
    const momentum = pop(kw, 'momentum', 0.0);
    const lazy_update = Boolean(pop(kw, 'lazy_update', true));
    super(kw);
    this.momentum = momentum;
    this.lazy_update = lazy_update;
    this.aggregate_num = aggregationSize();
  }

  /** Momentum buffer (zeros like the weight) only when momentum != 0. */
  override create_state(_index: Index, weight: NDArray): OptState {
    return this.momentum !== 0 ? zeros(weight.shape, weight.context, weight.dtype) : null;
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    const list = Array.isArray(index);
    const indices = (list ? index : [index]) as Index[];
    const weights = (list ? weight : [weight]) as NDArray[];
    const grads = (list ? grad : [grad]) as NDArray[];
    const states = (list ? state : [state]) as OptState[];
    indices.forEach((idx, i) => checkPair(idx, weights[i], grads[i]));
    this._update_count(indices);
    const lrs = this._get_lrs(indices);
    const wds = this._get_wds(indices);
    const useMomentum = this.momentum > 0;
    // Python's truthiness: clip_gradient None or 0 means no clipping (the kernel reads <= 0 as off).
    const clip = this.clip_gradient ? this.clip_gradient : -1;
    indices.forEach((idx, i) => {
      const w = weights[i]!;
      const mom = useMomentum ? states[i] : null;
      if (useMomentum && !(mom instanceof NDArray)) {
        throw new MXNetError(`SGD: parameter ${idx} has no momentum state (create_state was called with momentum 0)`);
      }
      w.backend.sgdUpdate(w.ref, grads[i]!.ref, mom instanceof NDArray ? mom.ref : null, w.size, {
        lr: lrs[i]!, wd: wds[i]!, momentum: useMomentum ? this.momentum : 0,
        rescale_grad: this.rescale_grad, clip_gradient: clip,
      });
    });
  }
}
register(SGD);

/** [DEPRECATED] Same as SGD; kept for backward compatibility. */
export class ccSGD extends SGD {}
register(ccSGD);

/** Weight and gradient: float32 NDArrays of one shape on one context. */
export function checkPair(index: Index, w: unknown, g: unknown): void {
  if (!(w instanceof NDArray) || !(g instanceof NDArray)) throw new MXNetError(`optimizer: weight and grad of parameter ${index} must be NDArrays`);
  checkFloat32(w, index);
  if (!sameShape(w.shape, g.shape)) {
    throw new MXNetError(`optimizer: parameter ${index}: weight ${shapeStr(w.shape)} and grad ${shapeStr(g.shape)} differ in shape`);
  }
  if (!w.context.equals(g.context)) throw new MXNetError(`optimizer: parameter ${index}: weight on ${w.context} but grad on ${g.context}`);
}
