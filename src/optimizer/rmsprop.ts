// mx.optimizer.RMSProp (python/mxnet/optimizer/optimizer.py, 1.9.1; api-semantics §7.7): Tieleman &
// Hinton (state (n,)) or, with centered=True, Graves 2013 (state (n, g, delta)); own default lr 0.001,
// clip_gradient and clip_weights both applied only when truthy.

import { bindArgs, pop } from '../base.js';
import { zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { clipIfTruthy, singleParam, stateArrays } from './update_args.js';

export class RMSProp extends Optimizer {
  gamma1: number;
  gamma2: number;
  centered: boolean;
  epsilon: number;
  clip_weights: number | null;

  /** RMSProp(learning_rate=0.001, gamma1=0.9, gamma2=0.9, epsilon=1e-8, centered=False, clip_weights=None, **base) */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name,
      ['learning_rate', 'gamma1', 'gamma2', 'epsilon', 'centered', 'clip_weights'], args);
    const gamma1 = pop(kw, 'gamma1', 0.9);
    const gamma2 = pop(kw, 'gamma2', 0.9);
    const epsilon = pop(kw, 'epsilon', 1e-8);
    const centered = Boolean(pop(kw, 'centered', false));
    const clip_weights = pop<number | null>(kw, 'clip_weights', null);
    const learning_rate = pop(kw, 'learning_rate', 0.001);
    super({ ...kw, learning_rate });
    this.gamma1 = gamma1;
    this.gamma2 = gamma2;
    this.centered = centered;
    this.epsilon = epsilon;
    this.clip_weights = clip_weights;
  }

  /** (n,) or, centered, (n, g, delta): zeros like the weight (float32). */
  override create_state(_index: Index, weight: NDArray): OptState {
    const count = this.centered ? 3 : 1;
    return Array.from({ length: count }, () => zeros(weight.shape, weight.context));
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    const [w, g] = singleParam('RMSProp', index, weight, grad);
    const idx = index as Index;
    const states = stateArrays('RMSProp', idx, state, w, this.centered ? 3 : 1);
    this._update_count(idx);
    const lr = this._get_lr(idx);
    const wd = this._get_wd(idx);
    const [n, gbar, delta] = states;
    w.backend.optim.rmspropUpdate(w.ref, g.ref, n!.ref, gbar?.ref ?? null, delta?.ref ?? null, w.size, {
      lr, wd, gamma1: this.gamma1, gamma2: this.gamma2, epsilon: this.epsilon, rescale_grad: this.rescale_grad,
      clip_gradient: clipIfTruthy(this.clip_gradient), clip_weights: clipIfTruthy(this.clip_weights),
    });
  }
}
register(RMSProp);
