// mx.optimizer.AdaGrad (python/mxnet/optimizer/optimizer.py, 1.9.1; api-semantics §7.6), dense path:
// clip whenever clip_gradient is not None, eps inside the square root, wd outside the adaptive term.

import { bindArgs, pop } from '../base.js';
import { zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { clipIfNotNone, singleParam, stateArrays } from './update_args.js';

export class AdaGrad extends Optimizer {
  /** Python keeps the `eps` argument under this name. */
  float_stable_eps: number;

  /** AdaGrad(eps=1e-7, **base optimizer keywords) */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name, ['eps'], args);
    const eps = pop(kw, 'eps', 1e-7);
    super(kw);
    this.float_stable_eps = eps;
  }

  /** history, zeros like the weight (float32, as MXNet's zeros default). */
  override create_state(_index: Index, weight: NDArray): OptState {
    return zeros(weight.shape, weight.context);
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    const [w, g] = singleParam('AdaGrad', index, weight, grad);
    const idx = index as Index;
    const [history] = stateArrays('AdaGrad', idx, state, w, 1) as [NDArray];
    this._update_count(idx);
    const lr = this._get_lr(idx);
    const wd = this._get_wd(idx);
    w.backend.optim.adagradUpdate(w.ref, g.ref, history.ref, w.size, {
      lr, wd, eps: this.float_stable_eps, rescale_grad: this.rescale_grad,
      clip_gradient: clipIfNotNone(this.clip_gradient),
    });
  }
}
register(AdaGrad);
