// mx.optimizer.NAG (python/mxnet/optimizer/optimizer.py, 1.9.1; api-semantics §7.3): Nesterov momentum
// through the fused nag_mom_update kernel, or plain sgd_update when momentum is 0 (no state).

import { bindArgs, pop } from '../base.js';
import { zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { clipIfTruthy, singleParam, stateArrays } from './update_args.js';

export class NAG extends Optimizer {
  momentum: number;

  /** NAG(momentum=0.0, **base optimizer keywords) */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name, ['momentum'], args);
    const momentum = pop(kw, 'momentum', 0.0);
    super(kw);
    this.momentum = momentum;
  }

  /** Momentum buffer (zeros like the weight) only when momentum != 0. */
  override create_state(_index: Index, weight: NDArray): OptState {
    return this.momentum !== 0 ? zeros(weight.shape, weight.context, weight.dtype) : null;
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    const [w, g] = singleParam('NAG', index, weight, grad);
    const idx = index as Index;
    this._update_count(idx);
    const lr = this._get_lr(idx);
    const wd = this._get_wd(idx);
    // MXNet picks the kernel by the state, and passes momentum only when it is > 0 (default 0).
    const mom = state === null || state === undefined ? null : stateArrays('NAG', idx, state, w, 1)[0]!;
    w.backend.optim.nagUpdate(w.ref, g.ref, mom ? mom.ref : null, w.size, {
      lr, wd, momentum: this.momentum > 0 ? this.momentum : 0, rescale_grad: this.rescale_grad,
      clip_gradient: clipIfTruthy(this.clip_gradient),
    });
  }
}
register(NAG);
