// mx.optimizer.SGLD (python/mxnet/optimizer/optimizer.py, 1.9.1; api-semantics §7.4): Stochastic
// Gradient Langevin Dynamics, a half-lr gradient step plus N(0, sqrt(lr)) noise; no state.
// The noise comes from the global Philox stream (mx.random.seed), like mx.random.normal.

import { bindArgs } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { reserve } from '../random.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { clipIfNotNone, singleParam } from './update_args.js';

export class SGLD extends Optimizer {
  /** SGLD(**base optimizer keywords) */
  constructor(...args: unknown[]) {
    super(bindArgs(new.target.name, [], args));
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], _state: OptState): void {
    const [w, g] = singleParam('SGLD', index, weight, grad);
    const idx = index as Index;
    this._update_count(idx);
    const lr = this._get_lr(idx);
    const wd = this._get_wd(idx);
    const { key, counter } = reserve(w.size);
    w.backend.optim.sgldUpdate(w.ref, g.ref, w.size, {
      lr, wd, rescale_grad: this.rescale_grad, clip_gradient: clipIfNotNone(this.clip_gradient), key, counter,
    });
  }
}
register(SGLD);
