// mx.optimizer.Adam (python/mxnet/optimizer/optimizer.py, 1.9.1; api-semantics §7.5): the bias
// corrections are folded into lr_t in double precision from this index's update count t, then the
// fused adam_update kernel adds wd to the rescaled gradient before clipping.

import { bindArgs, pop } from '../base.js';
import { zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { clipIfTruthy, singleParam, stateArrays } from './update_args.js';

export class Adam extends Optimizer {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Only affects row_sparse gradients in MXNet; kept for signature compatibility (dense here). */
  lazy_update: boolean;

  /** Adam(learning_rate=0.001, beta1=0.9, beta2=0.999, epsilon=1e-8, lazy_update=True, **base) */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name, ['learning_rate', 'beta1', 'beta2', 'epsilon', 'lazy_update'], args);
    const beta1 = pop(kw, 'beta1', 0.9);
    const beta2 = pop(kw, 'beta2', 0.999);
    const epsilon = pop(kw, 'epsilon', 1e-8);
    const lazy_update = Boolean(pop(kw, 'lazy_update', true));
    // Adam always passes its own default up, so a scheduler's base_lr is replaced by it (§7.1).
    const learning_rate = pop(kw, 'learning_rate', 0.001);
    super({ ...kw, learning_rate });
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = epsilon;
    this.lazy_update = lazy_update;
  }

  /** (mean, variance), zeros like the weight. */
  override create_state(_index: Index, weight: NDArray): OptState {
    return [zeros(weight.shape, weight.context, weight.dtype), zeros(weight.shape, weight.context, weight.dtype)];
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    const [w, g] = singleParam('Adam', index, weight, grad);
    const idx = index as Index;
    const [mean, variance] = stateArrays('Adam', idx, state, w, 2) as [NDArray, NDArray];
    this._update_count(idx);
    const lr = this._get_lr(idx);
    const wd = this._get_wd(idx);
    const t = this._index_update_count.get(idx)!;
    const coef1 = 1 - this.beta1 ** t;
    const coef2 = 1 - this.beta2 ** t;
    w.backend.optim.adamUpdate(w.ref, g.ref, mean.ref, variance.ref, w.size, {
      lr_t: lr * (Math.sqrt(coef2) / coef1), wd, beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon,
      rescale_grad: this.rescale_grad, clip_gradient: clipIfTruthy(this.clip_gradient),
    });
  }
}
register(Adam);
