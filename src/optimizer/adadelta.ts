// mx.optimizer.AdaDelta (python/mxnet/optimizer/optimizer.py, 1.9.1; api-semantics §7.8): no learning
// rate at all; wd is read before the update is counted; the caller's gradient array is rescaled in
// place (MXNet's `grad *= rescale_grad`), and clipping applies whenever clip_gradient is not None.

import { bindArgs, pop } from '../base.js';
import { zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { clipIfNotNone, singleParam, stateArrays } from './update_args.js';

export class AdaDelta extends Optimizer {
  rho: number;
  epsilon: number;

  /** AdaDelta(rho=0.90, epsilon=1e-5, **base optimizer keywords) */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name, ['rho', 'epsilon'], args);
    const rho = pop(kw, 'rho', 0.9);
    const epsilon = pop(kw, 'epsilon', 1e-5);
    super(kw);
    this.rho = rho;
    this.epsilon = epsilon;
  }

  /** (accumulated g, accumulated delta), zeros like the weight (float32). */
  override create_state(_index: Index, weight: NDArray): OptState {
    return [zeros(weight.shape, weight.context), zeros(weight.shape, weight.context)];
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    const [w, g] = singleParam('AdaDelta', index, weight, grad);
    const idx = index as Index;
    const [acc_g, acc_delta] = stateArrays('AdaDelta', idx, state, w, 2) as [NDArray, NDArray];
    const wd = this._get_wd(idx);
    this._update_count(idx);
    w.backend.optim.adadeltaUpdate(w.ref, g.ref, acc_g.ref, acc_delta.ref, w.size, {
      wd, rho: this.rho, epsilon: this.epsilon, rescale_grad: this.rescale_grad,
      clip_gradient: clipIfNotNone(this.clip_gradient),
    });
  }
}
register(AdaDelta);
